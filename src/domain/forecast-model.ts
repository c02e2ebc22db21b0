import type { ForecastAssumptions } from './assumptions/forecast.js';
import {
  defaultStageDurations,
  overrunHorizonWorkingDays,
  workingDaysPerMonth,
  type DurationRange,
  type StageDurations,
} from './assumptions/workflow.js';
import { PATH_STAGES, type PathStage } from './case-events.js';
import type { StageHistory } from './stage-history.js';
import {
  blendedSurvival,
  convolveMasses,
  mixMasses,
  survivalQuantile,
  triangularMass,
  type DayMass,
} from './survival.js';

/**
 * One stage as the forecast sees it: how long it lasts (its survival, the defaults blended
 * with what cases have shown), and what may happen in it. Probabilities are blended the same
 * way, the defaults counting as `history.prior_weight` cases: (k × default + seen) / (k + cases).
 */
export interface StageOutlook {
  stage: PathStage;
  /** survival[t] = P(the stage lasts more than t working days), deferrals excluded. */
  survival: number[];
  /** Cases seen in the stage, and how many of them are still in it (censored). */
  observations: number;
  censored: number;
  /** Share of the blend that is the estate's own history at day 0: n / (n + k). */
  observedWeight: number;
  deferral: number;
  withdrawal: number;
  retention: number;
}

export interface ForecastModel {
  stages: Readonly<Record<PathStage, StageOutlook>>;
  /** How long a deferral lasts, blended like a stage. */
  deferralSurvival: number[];
  overrunWorkingDays: number;
  assumptions: ForecastAssumptions;
}

const percent = (value: number): number => value / 100;

function monthsMass(range: DurationRange): number[] {
  const perMonth = workingDaysPerMonth.value;
  return triangularMass({ low: range.low * perMonth, central: range.central * perMonth, high: range.high * perMonth });
}

/**
 * The defaults for each stage as a distribution of working days. Identification is a mixture:
 * an empty site has no services to move. Planning carries the chance of a refusal: an appeal
 * follows, and when it is dismissed a revised scheme goes through planning once more (our
 * assumption: it is then granted).
 */
export function stagePriors(durations: StageDurations, assumptions: ForecastAssumptions): Record<PathStage, DayMass> {
  const f = assumptions.figures;
  const priors = Object.fromEntries(PATH_STAGES.map((s) => [s, triangularMass(durations[s])])) as Record<
    PathStage,
    number[]
  >;
  const vacant = percent(f['identified.vacant_share'].value);
  if (vacant > 0)
    priors.identified = mixMasses([
      [1 - vacant, priors.identified],
      [vacant, monthsMass(f['identified.vacant_months'].value)],
    ]);
  const refusal = percent(f['planning.refusal'].value);
  if (refusal > 0) {
    const perWeek = (workingDaysPerMonth.value * 12) / 52;
    const weeks = f['planning.appeal_weeks'].value;
    const appeal = triangularMass({
      low: weeks.low * perWeek,
      central: weeks.central * perWeek,
      high: weeks.high * perWeek,
    });
    const allowed = percent(f['planning.appeal_allowed'].value);
    const granted = priors.planning;
    const afterAppeal = mixMasses([
      [allowed, [1]],
      [1 - allowed, granted],
    ]);
    priors.planning = mixMasses([
      [1 - refusal, granted],
      [refusal, convolveMasses(convolveMasses(granted, appeal), afterAppeal)],
    ]);
  }
  return priors;
}

export function deferralPrior(assumptions: ForecastAssumptions): DayMass {
  return monthsMass(assumptions.figures['risk.deferral_months'].value);
}

export interface ModelInput {
  history: StageHistory;
  assumptions: ForecastAssumptions;
  durations?: StageDurations;
}

export function buildForecastModel({ history, assumptions, durations }: ModelInput): ForecastModel {
  const f = assumptions.figures;
  const k = f['history.prior_weight'].value;
  const blend = (prior: number, seen: number, outOf: number): number => (k * prior + seen) / (k + outOf);
  const priors = stagePriors(durations ?? defaultStageDurations(), assumptions);
  const stages = Object.fromEntries(
    PATH_STAGES.map((stage): [PathStage, StageOutlook] => {
      const record = history.stages[stage];
      const exits = record.exits.movedOn + record.exits.withdrawn + record.exits.retained;
      const n = record.durations.length;
      return [
        stage,
        {
          stage,
          survival: blendedSurvival(priors[stage], record.durations, k),
          observations: n,
          censored: record.durations.filter((d) => !d.ended).length,
          observedWeight: n / (n + k),
          deferral: blend(percent(f['risk.deferral'].value[stage]), record.deferrals.deferred, record.deferrals.outOf),
          withdrawal: blend(percent(f['risk.withdrawal'].value[stage]), record.exits.withdrawn, exits),
          retention: blend(percent(f['risk.retention'].value[stage]), record.exits.retained, exits),
        },
      ];
    }),
  ) as Record<PathStage, StageOutlook>;
  return {
    stages,
    deferralSurvival: blendedSurvival(deferralPrior(assumptions), history.deferralLengths, k),
    overrunWorkingDays: overrunHorizonWorkingDays.value,
    assumptions,
  };
}

export interface StageSummary {
  stage: PathStage;
  observations: number;
  censored: number;
  observedWeight: number;
  /** Working days by which half and nine in ten of fresh entries have left the stage (null: beyond the horizon). */
  p50WorkingDays: number | null;
  p90WorkingDays: number | null;
  deferral: number;
  withdrawal: number;
  retention: number;
}

export function summariseStages(model: ForecastModel): StageSummary[] {
  return PATH_STAGES.map((stage) => {
    const s = model.stages[stage];
    return {
      stage,
      observations: s.observations,
      censored: s.censored,
      observedWeight: s.observedWeight,
      p50WorkingDays: survivalQuantile(s.survival, 0.5),
      p90WorkingDays: survivalQuantile(s.survival, 0.9),
      deferral: s.deferral,
      withdrawal: s.withdrawal,
      retention: s.retention,
    };
  });
}
