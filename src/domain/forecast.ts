import {
  defaultStageDurations,
  observedDurationsMinimum,
  overrunHorizonWorkingDays,
  workingDaysPerMonth,
  type DurationRange,
  type StageDurations,
} from './assumptions/workflow.js';
import { PATH_STAGES, isClosed, isPathStage, type CaseState, type PathStage } from './case-events.js';
import { seededRandom, type Random } from './random.js';
import { addWorkingDays, londonDate, workingDaysBetween, type IsoDate } from './working-days.js';

/**
 * When will open cases complete? Each remaining stage is drawn, seeded, from its duration
 * distribution: the triangular assumption (DOMAIN §2) until the estate has seen enough of the
 * stage, then the durations it actually took (see sampleStage). The stage a case is in now is
 * drawn on condition that it lasts longer than it already has.
 */

export type ObservedDurations = Readonly<Record<PathStage, readonly number[]>>;

const pathIndex = (stage: string): number => (PATH_STAGES as readonly string[]).indexOf(stage);

/**
 * Working days each path stage took on cases that have moved past it, summed over its visits
 * (time deferred is not the stage's). Sorted, so the draws do not depend on case order.
 */
export function observedStageDurations(cases: readonly CaseState[]): ObservedDurations {
  const observed = Object.fromEntries(PATH_STAGES.map((s) => [s, [] as number[]])) as Record<PathStage, number[]>;
  for (const state of cases) {
    for (const stage of PATH_STAGES) {
      const visits = state.visits.filter((v) => v.stage === stage);
      const last = visits[visits.length - 1];
      const exit = last?.exitTo;
      const movedOn =
        exit === 'completed' || (exit !== null && exit !== undefined && pathIndex(exit) > pathIndex(stage));
      if (!movedOn) continue;
      observed[stage].push(
        visits.reduce((sum, v) => sum + workingDaysBetween(v.enteredOn, v.leftOn ?? v.enteredOn), 0),
      );
    }
  }
  for (const stage of PATH_STAGES) observed[stage].sort((a, b) => a - b);
  return observed;
}

function triangularCdf(x: number, { low, central, high }: DurationRange): number {
  if (x <= low) return 0;
  if (x >= high) return 1;
  return x <= central
    ? (x - low) ** 2 / ((high - low) * (central - low))
    : 1 - (high - x) ** 2 / ((high - low) * (high - central));
}

function triangularQuantile(p: number, { low, central, high }: DurationRange): number {
  if (high <= low) return low;
  const cut = (central - low) / (high - low);
  return p < cut
    ? low + Math.sqrt(p * (high - low) * (central - low))
    : high - Math.sqrt((1 - p) * (high - low) * (high - central));
}

export type StageBasis = 'assumption' | 'observed';

/**
 * Working days still to run in a stage that has run `elapsed` so far. The rule: with at least
 * observedDurationsMinimum observations the stage is one of them, picked uniformly among those
 * longer than `elapsed`; otherwise the triangular range, conditioned to exceed `elapsed`. A
 * stage already past everything either allows ends within overrunHorizonWorkingDays.
 */
function sampleStage(
  range: DurationRange,
  observed: readonly number[],
  elapsed: number,
  random: Random,
): { days: number; basis: StageBasis } {
  const u = random.next();
  const overrun = (): number => u * overrunHorizonWorkingDays.value;
  if (observed.length >= observedDurationsMinimum.value) {
    const longer = observed.filter((d) => d > elapsed);
    const pick = longer[Math.floor(u * longer.length)];
    return { days: pick === undefined ? overrun() : pick - elapsed, basis: 'observed' };
  }
  if (range.high <= range.low)
    return { days: elapsed < range.low ? range.low - elapsed : overrun(), basis: 'assumption' };
  const floor = triangularCdf(elapsed, range);
  if (floor >= 1) return { days: overrun(), basis: 'assumption' };
  return { days: Math.max(0, triangularQuantile(floor + u * (1 - floor), range) - elapsed), basis: 'assumption' };
}

/** Working days a case has spent in a stage over all its visits, the open one up to today. */
function spentIn(state: CaseState, stage: PathStage, today: IsoDate): number {
  return state.visits
    .filter((v) => v.stage === stage)
    .reduce((sum, v) => sum + Math.max(0, workingDaysBetween(v.enteredOn, v.leftOn ?? today)), 0);
}

interface Draw {
  /** Working days from today to completion. */
  remaining: number;
  /** Of which before the case is declared surplus. */
  beforeSurplus: number;
}

function drawCase(
  state: CaseState,
  today: IsoDate,
  durations: StageDurations,
  observed: ObservedDurations,
  random: Random,
  bases: Map<PathStage, StageBasis>,
): Draw {
  let remaining = 0;
  let beforeSurplus = 0;
  let stage: PathStage;
  if (state.stage === 'deferred' && state.deferral) {
    stage = state.deferral.from;
    const wait = Math.max(0, workingDaysBetween(today, state.deferral.until));
    remaining += wait;
    if (stage === 'identified') beforeSurplus += wait;
  } else if (isPathStage(state.stage)) {
    stage = state.stage;
  } else {
    return { remaining: 0, beforeSurplus: 0 };
  }
  for (const next of PATH_STAGES.slice(pathIndex(stage))) {
    const elapsed = next === stage ? spentIn(state, next, today) : 0;
    const { days, basis } = sampleStage(durations[next], observed[next], elapsed, random);
    bases.set(next, basis);
    remaining += days;
    if (next === 'identified') beforeSurplus += days;
  }
  return { remaining: Math.ceil(remaining), beforeSurplus: Math.ceil(beforeSurplus) };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const value = sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  if (value === undefined) throw new RangeError('percentile of nothing');
  return value;
}

/** A per-case seed, so a case's forecast does not depend on which other cases are forecast. */
const caseSeed = (seed: number, caseId: number): number =>
  (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(caseId >>> 0, 0x85ebca6b)) >>> 0;

export interface CaseForecast {
  caseId: number;
  stage: CaseState['stage'];
  p50: IsoDate;
  p90: IsoDate;
  p50WorkingDays: number;
  p90WorkingDays: number;
  /** Which distribution each remaining stage was drawn from. */
  bases: Array<{ stage: PathStage; basis: StageBasis; observations: number }>;
}

export interface ForecastInput {
  /** Cases to forecast; closed ones are skipped. */
  cases: readonly CaseState[];
  /** Cases whose past stages give observed durations (closed ones too); defaults to `cases`. */
  history?: readonly CaseState[];
  now: Date;
  draws: number;
  seed: number;
  durations?: StageDurations;
}

export interface YearsSummary {
  p10: number;
  p50: number;
  p90: number;
}

export interface PortfolioForecast {
  cases: CaseForecast[];
  /** Declared surplus to completion, over every case and draw; null with no open case. */
  surplusToSaleYears: YearsSummary | null;
  /** Share of draws in each whole year of surplus-to-sale time (index 0: under a year). */
  surplusToSaleShareByYear: number[];
  /** Identification to completion, the span NHS England's 5–10 years measures. */
  identificationToSaleYears: YearsSummary | null;
  /** Expected share of open cases completing within five years of identification. */
  shareWithinFiveYears: number | null;
  baselineYears: { low: 5; high: 10 };
}

export function forecastCases(input: ForecastInput): PortfolioForecast {
  const { now, draws, seed } = input;
  if (!Number.isSafeInteger(draws) || draws < 1) throw new RangeError(`draws must be a whole number ≥ 1, not ${draws}`);
  const durations = input.durations ?? defaultStageDurations();
  const observed = observedStageDurations(input.history ?? input.cases);
  const today = londonDate(now);
  const workingDaysPerYear = workingDaysPerMonth.value * 12;
  const toYears = (wd: number): number => wd / workingDaysPerYear;
  const surplusToSale: number[] = [];
  const identificationToSale: number[] = [];
  const forecasts: CaseForecast[] = [];
  const open = [...input.cases].filter((c) => !isClosed(c.stage)).sort((a, b) => a.caseId - b.caseId);
  for (const state of open) {
    const random = seededRandom(caseSeed(seed, state.caseId));
    const bases = new Map<PathStage, StageBasis>();
    const sinceOpened = workingDaysBetween(londonDate(new Date(state.openedAt)), today);
    const surplusVisit = state.visits.find((v) => v.stage === 'surplus_declared');
    const sinceSurplus = surplusVisit ? workingDaysBetween(surplusVisit.enteredOn, today) : null;
    const totals: number[] = [];
    for (let i = 0; i < draws; i += 1) {
      const draw = drawCase(state, today, durations, observed, random, bases);
      totals.push(draw.remaining);
      identificationToSale.push(sinceOpened + draw.remaining);
      surplusToSale.push(sinceSurplus === null ? draw.remaining - draw.beforeSurplus : sinceSurplus + draw.remaining);
    }
    totals.sort((a, b) => a - b);
    const p50WorkingDays = percentile(totals, 0.5);
    const p90WorkingDays = percentile(totals, 0.9);
    forecasts.push({
      caseId: state.caseId,
      stage: state.stage,
      p50: addWorkingDays(today, p50WorkingDays),
      p90: addWorkingDays(today, p90WorkingDays),
      p50WorkingDays,
      p90WorkingDays,
      bases: [...bases].map(([stage, basis]) => ({ stage, basis, observations: observed[stage].length })),
    });
  }
  const summary = (values: number[]): YearsSummary | null => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    return {
      p10: toYears(percentile(sorted, 0.1)),
      p50: toYears(percentile(sorted, 0.5)),
      p90: toYears(percentile(sorted, 0.9)),
    };
  };
  const shareByYear: number[] = [];
  for (const wd of surplusToSale) {
    const year = Math.floor(toYears(wd));
    while (shareByYear.length <= year) shareByYear.push(0);
    shareByYear[year] = (shareByYear[year] ?? 0) + 1 / surplusToSale.length;
  }
  const fiveYears = 5 * workingDaysPerYear;
  return {
    cases: forecasts,
    surplusToSaleYears: summary(surplusToSale),
    surplusToSaleShareByYear: shareByYear,
    identificationToSaleYears: summary(identificationToSale),
    shareWithinFiveYears:
      identificationToSale.length === 0
        ? null
        : identificationToSale.filter((wd) => wd <= fiveYears).length / identificationToSale.length,
    baselineYears: { low: 5, high: 10 },
  };
}
