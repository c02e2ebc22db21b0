import type { PathStage } from '../case-events.js';
import { figure, type Figure } from './figure.js';
import type { DurationRange } from './workflow.js';

/**
 * What can happen to a disposal besides taking its time: per stage, the chance it is deferred
 * (and for how long), withdrawn or retained, and in planning the chance of a refusal and an
 * appeal. Stage durations stay in workflow.ts, which the deadlines share. The research found
 * no published rate of deferral, withdrawal or retention for NHS disposals, so those are ours;
 * the planning figures and the yardsticks are published. Percentages, as the other sets state them.
 */

export type StageShares = Readonly<Record<PathStage, number>>;

export interface ForecastFigures {
  'identified.vacant_share': Figure;
  'identified.vacant_months': Figure<DurationRange>;
  'risk.deferral': Figure<StageShares>;
  'risk.deferral_months': Figure<DurationRange>;
  'risk.withdrawal': Figure<StageShares>;
  'risk.retention': Figure<StageShares>;
  'planning.refusal': Figure;
  'planning.appeal_allowed': Figure;
  'planning.appeal_weeks': Figure<DurationRange>;
  'history.prior_weight': Figure;
  'yardstick.treasury_sale_years': Figure;
  'yardstick.nao_sale_months': Figure<{ low: number; high: number }>;
}

export type ForecastAssumptionKey = keyof ForecastFigures;

export interface ForecastAssumptions {
  id: string;
  /** ISO date from which this set applies. */
  effectiveFrom: string;
  figures: ForecastFigures;
}

/** Bumped when the method (not a figure) changes: v1 summed triangular stages and nothing else. */
export const FORECAST_MODEL_VERSION = 'forecast-v2';

const NO_RATE =
  'none published: no NAO, PAC or MHCLG/DLUHC report gives per-stage rates for NHS disposals; our assumption. ' +
  'Nearest yardstick: NAO, Investigation into the government’s land disposal strategy and programmes (2019): ' +
  'land released for about 41% of the 160,000-home target by 2020, delayed by land still in use, planning, ' +
  'decontamination and sellers not controlling the land';
const NAO_2002 =
  'NAO, The Management of Surplus Property by Trusts in the NHS in England, HC 687 Session 2001-02 (21 March 2002)';

const shares = (values: StageShares, unit: string): Figure<StageShares> => figure(values, unit, NO_RATE, 'assumption');

export const DEFAULT_FORECAST_ASSUMPTIONS: ForecastAssumptions = {
  id: 'forecast-2026-v1',
  effectiveFrom: '2026-12-01',
  figures: {
    'identified.vacant_share': figure(
      18,
      '% of identified sites already empty (no services to reprovide)',
      'ERIC 2016-17 Site Data, London trusts: 149 of 826 ha owned not delivering services (our arithmetic, DOMAIN §4); ' +
        'read as the share of identified sites with nothing to reprovide: our assumption',
      'assumption',
    ),
    'identified.vacant_months': figure(
      { low: 6, central: 12, high: 24 },
      'months in identified for an empty site (options and consultation only)',
      'none: our assumption; NAO (2002) found sales took from five months to five years',
      'assumption',
    ),
    'risk.deferral': shares(
      {
        identified: 15,
        surplus_declared: 3,
        board_review: 10,
        approved_for_disposal: 2,
        first_refusal: 2,
        due_diligence: 8,
        planning: 8,
        marketing: 10,
        sale_agreed: 3,
      },
      '% of cases deferred once while in the stage',
    ),
    'risk.deferral_months': figure(
      { low: 3, central: 6, high: 12 },
      'months a deferral lasts',
      'none: our assumption',
      'assumption',
    ),
    'risk.withdrawal': shares(
      {
        identified: 8,
        surplus_declared: 2,
        board_review: 1,
        approved_for_disposal: 1,
        first_refusal: 1,
        due_diligence: 3,
        planning: 4,
        marketing: 3,
        sale_agreed: 2,
      },
      '% of cases leaving the stage withdrawn',
    ),
    'risk.retention': shares(
      {
        identified: 6,
        surplus_declared: 2,
        board_review: 6,
        approved_for_disposal: 1,
        first_refusal: 1,
        due_diligence: 1,
        planning: 1,
        marketing: 0,
        // The workflow allows no retention once a sale is agreed.
        sale_agreed: 0,
      },
      '% of cases leaving the stage retained by the NHS',
    ),
    'planning.refusal': figure(
      12,
      '% of planning decisions refused',
      'MHCLG/DLUHC, Planning Applications in England (quarterly statistical release, e.g. April to June 2022): ' +
        'district planning authorities granted 88% of decisions; all decisions, not majors alone (read through a copy of the release)',
      'sourced-secondary',
    ),
    'planning.appeal_allowed': figure(
      25,
      '% of planning appeals allowed',
      'Planning Inspectorate, The role of the Inspector and how many appeals are allowed (GOV.UK, 2021): planning appeals ' +
        '(not householder or commercial) allowed 25% from October 2018 to December 2020 (33% from April 2010 to September 2018)',
      'sourced',
    ),
    'planning.appeal_weeks': figure(
      { low: 24, central: 31, high: 56 },
      'weeks from a refusal to the appeal decision',
      'Planning Inspectorate statistical releases (GOV.UK): median decision 31 weeks over all cases in the year to October 2023; ' +
        'written representations 24 weeks and hearings 56 weeks in the year to July 2022, taken as low and high',
      'sourced',
    ),
    'history.prior_weight': figure(
      10,
      'cases: the defaults weigh as much as this many cases observed in the stage',
      'none: our assumption: once ten cases have been seen in a stage, their history and the defaults weigh the same',
      'assumption',
    ),
    'yardstick.treasury_sale_years': figure(
      3,
      'years from identification as surplus to sale (shown, not used in the draws)',
      `Treasury guidance, as cited by the Committee of Public Accounts, Sixty-First Report 2001-02, The Management of Surplus Property by Trusts in the NHS in England, para 15`,
      'sourced',
    ),
    'yardstick.nao_sale_months': figure(
      { low: 5, high: 60 },
      'months the sale of surplus NHS trust property took (shown, not used in the draws)',
      `${NAO_2002}: five months to five years, even allowing for size, property type and complexity`,
      'sourced',
    ),
  },
};

/** Which set and method a forecast used, as reports name them. */
export const forecastSetLabel = (assumptions: ForecastAssumptions) => ({
  id: assumptions.id,
  effectiveFrom: assumptions.effectiveFrom,
  modelVersion: FORECAST_MODEL_VERSION,
});

/** Every figure of a set as a flat list, the shape `assumptions show` prints. */
export function forecastFigureList(
  assumptions: ForecastAssumptions,
): Array<{ key: ForecastAssumptionKey } & Figure<unknown>> {
  return (Object.keys(assumptions.figures) as ForecastAssumptionKey[]).map((key) => ({
    key,
    ...(assumptions.figures[key] as Figure<unknown>),
  }));
}
