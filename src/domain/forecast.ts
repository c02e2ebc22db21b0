import {
  DEFAULT_FORECAST_ASSUMPTIONS,
  forecastFigureList,
  forecastSetLabel,
  type ForecastAssumptions,
} from './assumptions/forecast.js';
import { workingDaysPerMonth, workflowFigureList, type StageDurations } from './assumptions/workflow.js';
import type { Figure } from './assumptions/figure.js';
import { PATH_STAGES, currentVisit, isClosed, type CaseState, type PathStage } from './case-events.js';
import { buildForecastModel, summariseStages, type ForecastModel, type StageSummary } from './forecast-model.js';
import { seedFor, seededRandom, type Random } from './random.js';
import { deferredFrom, stageHistory, standingStage, workingDaysIn } from './stage-history.js';
import { sampleRemaining } from './survival.js';
import { addWorkingDays, londonDate, workingDaysBetween, type IsoDate } from './working-days.js';

/**
 * When will open cases complete, and will they at all? Each draw walks a case from where it
 * stands to the end of the path: every stage lasts a time drawn from its survival (the
 * defaults blended with the estate's history, cases still open counted as censored; see
 * forecast-model.ts), may be deferred on the way, and may end the case withdrawn or retained.
 * The stage a case is in is drawn on condition that it lasts longer than it already has.
 */

export type StageBasis = 'assumption' | 'observed';
export type DrawOutcome = 'completed' | 'withdrawn' | 'retained';

export interface CaseDraw {
  outcome: DrawOutcome;
  /** Working days from today to the outcome. */
  workingDays: number;
  /** Of which before the case is declared surplus. */
  beforeSurplus: number;
}

const pathIndex = (stage: PathStage): number => PATH_STAGES.indexOf(stage);

/**
 * The chance a stay not deferred in its first `elapsed` working days of `total` is deferred in
 * the rest, if a deferral strikes at any point of a stay alike (our assumption).
 */
function deferralStillToCome(p: number, elapsed: number, total: number): number {
  if (total <= 0 || elapsed <= 0) return p;
  const gone = Math.min(1, elapsed / total);
  return (p * (1 - gone)) / (1 - p * gone);
}

/**
 * One draw. It takes four random numbers per stage whatever happens in it (and one more for a
 * running deferral), so two models given the same seed are compared draw for draw.
 */
function drawCase(state: CaseState, today: IsoDate, model: ForecastModel, random: Random): CaseDraw {
  const standing = standingStage(state);
  if (standing === null) return { outcome: 'completed', workingDays: 0, beforeSurplus: 0 };
  const overrun = model.overrunWorkingDays;
  let workingDays = 0;
  let beforeSurplus = 0;
  let alreadyDeferred = deferredFrom(state, standing);
  if (state.stage === 'deferred') {
    // A deferral lasts at least to its date, and as long as deferrals last beyond that.
    const visit = currentVisit(state);
    const since = Math.max(0, workingDaysBetween(visit.enteredOn, today));
    const planned = state.deferral ? Math.max(0, workingDaysBetween(visit.enteredOn, state.deferral.until)) : 0;
    const lasted = Math.max(since, planned);
    const wait = lasted - since + sampleRemaining(model.deferralSurvival, lasted, random.next(), overrun);
    workingDays += wait;
    if (standing === 'identified') beforeSurplus += wait;
    alreadyDeferred = true;
  }
  for (const stage of PATH_STAGES.slice(pathIndex(standing))) {
    const outlook = model.stages[stage];
    const [uStage, uDefer, uDelay, uExit] = [random.next(), random.next(), random.next(), random.next()];
    const current = stage === standing;
    const elapsed = current ? workingDaysIn(state, stage, today) : 0;
    let days = sampleRemaining(outlook.survival, elapsed, uStage, overrun);
    if (!(current && alreadyDeferred) && uDefer < deferralStillToCome(outlook.deferral, elapsed, elapsed + days))
      days += sampleRemaining(model.deferralSurvival, 0, uDelay, overrun);
    workingDays += days;
    if (stage === 'identified') beforeSurplus += days;
    if (uExit < outlook.withdrawal) return { outcome: 'withdrawn', workingDays, beforeSurplus };
    if (uExit < outlook.withdrawal + outlook.retention) return { outcome: 'retained', workingDays, beforeSurplus };
  }
  return { outcome: 'completed', workingDays, beforeSurplus };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const value = sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  if (value === undefined) throw new RangeError('percentile of nothing');
  return value;
}

export interface ForecastInput {
  /** Cases to forecast; closed ones are skipped. */
  cases: readonly CaseState[];
  /** Cases whose history teaches the model (closed ones too, and open ones as censored); defaults to `cases`. */
  history?: readonly CaseState[];
  now: Date;
  draws: number;
  seed: number;
  durations?: StageDurations;
  assumptions?: ForecastAssumptions;
}

export interface CaseDraws {
  state: CaseState;
  /** Working days from identification (opening) to today, and from the surplus declaration (null before it). */
  sinceOpened: number;
  sinceSurplus: number | null;
  draws: CaseDraw[];
}

export interface DrawnCases {
  today: IsoDate;
  model: ForecastModel;
  cases: CaseDraws[];
}

/** Every open case drawn `draws` times, in case id order, with the model the draws came from. */
export function drawOpenCases(input: ForecastInput): DrawnCases {
  const { draws, seed } = input;
  if (!Number.isSafeInteger(draws) || draws < 1) throw new RangeError(`draws must be a whole number ≥ 1, not ${draws}`);
  const today = londonDate(input.now);
  const model = buildForecastModel({
    history: stageHistory(input.history ?? input.cases, today),
    assumptions: input.assumptions ?? DEFAULT_FORECAST_ASSUMPTIONS,
    durations: input.durations,
  });
  const open = [...input.cases].filter((c) => !isClosed(c.stage)).sort((a, b) => a.caseId - b.caseId);
  const cases = open.map((state): CaseDraws => {
    const random = seededRandom(seedFor(seed, state.caseId));
    const surplusVisit = state.visits.find((v) => v.stage === 'surplus_declared');
    return {
      state,
      sinceOpened: workingDaysBetween(londonDate(new Date(state.openedAt)), today),
      sinceSurplus: surplusVisit ? workingDaysBetween(surplusVisit.enteredOn, today) : null,
      draws: Array.from({ length: draws }, () => drawCase(state, today, model, random)),
    };
  });
  return { today, model, cases };
}

export interface CaseForecast {
  caseId: number;
  stage: CaseState['stage'];
  /** Completion dates by which half and nine in ten of the draws that complete have completed; null if none does. */
  p50: IsoDate | null;
  p90: IsoDate | null;
  p50WorkingDays: number | null;
  p90WorkingDays: number | null;
  /** Share of draws in which the case completes at all (the rest are withdrawn or retained). */
  completionProbability: number;
  /** Share of draws completing within five and ten years of identification. */
  withinFiveYears: number;
  withinTenYears: number;
  /** What each remaining stage was drawn from: the defaults alone, or blended with observed cases. */
  bases: Array<{ stage: PathStage; basis: StageBasis; observations: number; censored: number; observedWeight: number }>;
}

export interface YearsSummary {
  p10: number;
  p50: number;
  p90: number;
}

/** The spread of a portfolio share over the draws: the share in each draw, its P5 to P95. */
export interface ShareInterval {
  low: number;
  high: number;
  level: 0.9;
}

export interface PortfolioForecast {
  cases: CaseForecast[];
  /** Declared surplus to completion, over the draws that complete; null with no open case. */
  surplusToSaleYears: YearsSummary | null;
  /** Share of completing draws in each whole year of surplus-to-sale time (index 0: under a year). */
  surplusToSaleShareByYear: number[];
  /** Identification to completion, the span NHS England's 5–10 years measures, over the draws that complete. */
  identificationToSaleYears: YearsSummary | null;
  /** Share of all draws completing in each whole year from identification; the rest never complete. */
  identificationToSaleShareByYear: number[];
  /** Expected share of open cases completing within five (ten) years of identification, and its spread. */
  shareWithinFiveYears: number | null;
  shareWithinFiveYearsInterval: ShareInterval | null;
  shareWithinTenYears: number | null;
  shareWithinTenYearsInterval: ShareInterval | null;
  /** Expected shares of open cases completing, withdrawn and retained. */
  outcomeShares: Record<DrawOutcome, number> | null;
  /** Each stage as the draws saw it: how much history, how long, how risky. */
  stages: StageSummary[];
  assumptionSet: ReturnType<typeof forecastSetLabel>;
  /** Every figure behind the draws and the yardsticks, with its source. */
  sources: Array<{ key: string } & Figure<unknown>>;
  baselineYears: { low: 5; high: 10 };
}

export const workingDaysPerYear = (): number => workingDaysPerMonth.value * 12;

/** One case's forecast from its draws. */
export function caseForecast(drawn: CaseDraws, today: IsoDate, model: ForecastModel): CaseForecast {
  const { state, sinceOpened, draws } = drawn;
  const perYear = workingDaysPerYear();
  const completed = draws
    .filter((d) => d.outcome === 'completed')
    .map((d) => d.workingDays)
    .sort((a, b) => a - b);
  const within = (years: number) => completed.filter((wd) => sinceOpened + wd <= years * perYear).length / draws.length;
  const p50WorkingDays = completed.length > 0 ? percentile(completed, 0.5) : null;
  const p90WorkingDays = completed.length > 0 ? percentile(completed, 0.9) : null;
  const standing = standingStage(state);
  const remaining = standing === null ? [] : PATH_STAGES.slice(pathIndex(standing));
  return {
    caseId: state.caseId,
    stage: state.stage,
    p50: p50WorkingDays === null ? null : addWorkingDays(today, p50WorkingDays),
    p90: p90WorkingDays === null ? null : addWorkingDays(today, p90WorkingDays),
    p50WorkingDays,
    p90WorkingDays,
    completionProbability: completed.length / draws.length,
    withinFiveYears: within(5),
    withinTenYears: within(10),
    bases: remaining.map((stage) => {
      const s = model.stages[stage];
      return {
        stage,
        basis: s.observations > 0 ? 'observed' : 'assumption',
        observations: s.observations,
        censored: s.censored,
        observedWeight: s.observedWeight,
      };
    }),
  };
}

export function forecastCases(input: ForecastInput): PortfolioForecast {
  const { today, model, cases } = drawOpenCases(input);
  const perYear = workingDaysPerYear();
  const toYears = (wd: number): number => wd / perYear;
  const surplusToSale: number[] = [];
  const identificationToSale: number[] = [];
  const outcomes: Record<DrawOutcome, number> = { completed: 0, withdrawn: 0, retained: 0 };
  const withinFive = new Array<number>(input.draws).fill(0);
  const withinTen = new Array<number>(input.draws).fill(0);
  for (const { draws, sinceOpened, sinceSurplus } of cases) {
    draws.forEach((draw, i) => {
      outcomes[draw.outcome] += 1;
      if (draw.outcome !== 'completed') return;
      const fromIdentification = sinceOpened + draw.workingDays;
      identificationToSale.push(fromIdentification);
      surplusToSale.push(
        sinceSurplus === null ? draw.workingDays - draw.beforeSurplus : sinceSurplus + draw.workingDays,
      );
      if (fromIdentification <= 5 * perYear) withinFive[i] = (withinFive[i] ?? 0) + 1;
      if (fromIdentification <= 10 * perYear) withinTen[i] = (withinTen[i] ?? 0) + 1;
    });
  }
  const allDraws = cases.length * input.draws;
  const summary = (values: number[]): YearsSummary | null => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    return {
      p10: toYears(percentile(sorted, 0.1)),
      p50: toYears(percentile(sorted, 0.5)),
      p90: toYears(percentile(sorted, 0.9)),
    };
  };
  const shareByYear = (values: number[], outOf: number): number[] => {
    const shares: number[] = [];
    for (const wd of values) {
      const year = Math.floor(toYears(wd));
      while (shares.length <= year) shares.push(0);
      shares[year] = (shares[year] ?? 0) + 1 / outOf;
    }
    return shares;
  };
  const share = (perDraw: number[]): number | null =>
    cases.length === 0 ? null : perDraw.reduce((s, x) => s + x, 0) / allDraws;
  const interval = (perDraw: number[]): ShareInterval | null => {
    if (cases.length === 0) return null;
    const sorted = perDraw.map((x) => x / cases.length).sort((a, b) => a - b);
    return { low: percentile(sorted, 0.05), high: percentile(sorted, 0.95), level: 0.9 };
  };
  const assumptions = model.assumptions;
  return {
    cases: cases.map((c) => caseForecast(c, today, model)),
    surplusToSaleYears: summary(surplusToSale),
    surplusToSaleShareByYear: shareByYear(surplusToSale, surplusToSale.length),
    identificationToSaleYears: summary(identificationToSale),
    identificationToSaleShareByYear: shareByYear(identificationToSale, allDraws),
    shareWithinFiveYears: share(withinFive),
    shareWithinFiveYearsInterval: interval(withinFive),
    shareWithinTenYears: share(withinTen),
    shareWithinTenYearsInterval: interval(withinTen),
    outcomeShares:
      allDraws === 0
        ? null
        : {
            completed: outcomes.completed / allDraws,
            withdrawn: outcomes.withdrawn / allDraws,
            retained: outcomes.retained / allDraws,
          },
    stages: summariseStages(model),
    assumptionSet: forecastSetLabel(assumptions),
    sources: [...workflowFigureList(), ...forecastFigureList(assumptions)],
    baselineYears: { low: 5, high: 10 },
  };
}
