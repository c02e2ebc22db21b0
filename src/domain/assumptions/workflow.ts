import type { PathStage } from '../case-events.js';
import { figure, type Figure } from './figure.js';

/**
 * How long each stage of a disposal takes. The research found no official duration for any
 * stage but the ePIMS first-refusal period (DOMAIN §2); the rest are our assumptions, sized so
 * the stages total 60 / 88 / 120 months (low / central / high), NHS England's 5–10 year average.
 */

export interface DurationRange {
  low: number;
  central: number;
  high: number;
}

const OURS = 'none: our assumption sized to the 5–10 year baseline';
const months = (low: number, central: number, high: number): Figure<DurationRange> =>
  figure({ low, central, high }, 'months', OURS, 'assumption');

export const workingDaysPerMonth = figure(
  21,
  'working days per month',
  'none: our assumption (DOMAIN §2)',
  'assumption',
);

export const firstRefusalWorkingDays = figure(
  40,
  'working days',
  'Register of Surplus Public Sector Land (ePIMS), data.gov.uk: other public bodies have 40 working days of first refusal',
  'sourced',
);

/** Stage durations as DOMAIN §2 tables them, in months (ePIMS and the listing step apart). */
export const stageDurationMonths = {
  identified: months(34, 50, 68),
  surplus_declared: months(1, 2, 3),
  board_review: months(2, 3, 4),
  due_diligence: months(3, 4, 6),
  planning: months(12, 18, 24),
  marketing: months(4, 6, 9),
  sale_agreed: months(2, 3, 4),
} satisfies Record<Exclude<PathStage, 'approved_for_disposal' | 'first_refusal'>, Figure<DurationRange>>;

/**
 * Between the Board's approval and the listing on ePIMS. DOMAIN §2 has no row for it (its
 * "≈2 months" for stage 4 covers both), so it is ours, kept short: a listing is paperwork.
 */
export const listingWorkingDays = figure<DurationRange>(
  { low: 5, central: 10, high: 20 },
  'working days',
  'none: our assumption; DOMAIN §2 counts this step inside the ≈2 months of first refusal',
  'assumption',
);

/**
 * A stage already running past the top of its range is forecast to end within this many
 * more working days (uniformly), rather than at once: a late stage is still open.
 */
export const overrunHorizonWorkingDays = figure(
  63,
  'working days',
  'none: our assumption (three months)',
  'assumption',
);

export type StageDurations = Readonly<Record<PathStage, DurationRange>>;

/** The duration figures as a flat list with their keys, for reports that show their sources. */
export function workflowFigureList(): Array<{ key: string } & Figure<unknown>> {
  return [
    ...Object.entries(stageDurationMonths).map(([stage, f]) => ({ key: `stage.${stage}.months`, ...f })),
    { key: 'stage.approved_for_disposal.working_days', ...listingWorkingDays },
    { key: 'stage.first_refusal.working_days', ...firstRefusalWorkingDays },
    { key: 'calendar.working_days_per_month', ...workingDaysPerMonth },
    { key: 'forecast.overrun_working_days', ...overrunHorizonWorkingDays },
  ];
}

/** Low / central / high for every stage on the path, in working days. */
export function defaultStageDurations(): StageDurations {
  const perMonth = workingDaysPerMonth.value;
  const inDays = (f: Figure<DurationRange>): DurationRange => ({
    low: f.value.low * perMonth,
    central: f.value.central * perMonth,
    high: f.value.high * perMonth,
  });
  const epims = firstRefusalWorkingDays.value;
  return {
    identified: inDays(stageDurationMonths.identified),
    surplus_declared: inDays(stageDurationMonths.surplus_declared),
    board_review: inDays(stageDurationMonths.board_review),
    approved_for_disposal: listingWorkingDays.value,
    first_refusal: { low: epims, central: epims, high: epims },
    due_diligence: inDays(stageDurationMonths.due_diligence),
    planning: inDays(stageDurationMonths.planning),
    marketing: inDays(stageDurationMonths.marketing),
    sale_agreed: inDays(stageDurationMonths.sale_agreed),
  };
}

/** The target a stage is held to: its central duration, in working days. */
export function stageTargetWorkingDays(stage: PathStage, durations: StageDurations = defaultStageDurations()): number {
  return durations[stage].central;
}
