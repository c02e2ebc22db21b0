import {
  currentVisit,
  foldCaseEvents,
  isClosed,
  type CaseEvent,
  type CaseStage,
  type CaseState,
} from './case-events.js';
import { forecastSetLabel } from './assumptions/forecast.js';
import { caseForecast, drawOpenCases, type CaseDraw, type ForecastInput, type PortfolioForecast } from './forecast.js';
import { addWorkingDays, londonDate, workingDaysBetween, type IsoDate } from './working-days.js';

/**
 * Would the forecast have been right? It is made again from only what was on record on the
 * backtest date (events after it unseen, cases then open censored as they then stood), and
 * each case's P50 and P90 dates are held against what happened since. A date still in the
 * future cannot be scored yet, so only cases whose date has passed count: keeping the
 * others' early completions but not their misses would flatter the forecast. P50/P90 are
 * dates among the draws that complete, so the share expected to finish by them is below 50%
 * and 90% when cases may be withdrawn or retained: each is shown beside the share seen.
 */

/** A case's history as it stood at an instant: the events up to it, folded; null before it was opened. */
export function caseStateAt(events: readonly CaseEvent[], at: Date): CaseState | null {
  const known = events.filter((e) => Date.parse(e.occurredAt) <= at.getTime());
  return known.length === 0 ? null : foldCaseEvents(known);
}

export interface QuantileScore {
  /** Cases whose forecast date had passed by the scoring day. */
  scored: number;
  /** Of which completed on or before it. */
  finished: number;
  share: number | null;
  /** Mean of each scored case's forecast chance of completing by its date. */
  expectedShare: number | null;
}

export interface BacktestCase {
  caseId: number;
  stageAtAsOf: CaseStage;
  p50: IsoDate | null;
  p90: IsoDate | null;
  completionProbability: number;
  /** Where the case is on the scoring day, and the day it got there if it closed. */
  outcome: 'completed' | 'withdrawn' | 'retained' | 'open';
  outcomeOn: IsoDate | null;
  /** Null while the date is still ahead of the scoring day. */
  finishedByP50: boolean | null;
  finishedByP90: boolean | null;
}

export interface Backtest {
  asOf: IsoDate;
  scoredOn: IsoDate;
  seed: number;
  draws: number;
  assumptionSet: PortfolioForecast['assumptionSet'];
  /** Cases on record on the backtest date, and how many of them were open (forecast). */
  casesKnown: number;
  casesForecast: number;
  cases: BacktestCase[];
  calibration: {
    p50: QuantileScore;
    p90: QuantileScore;
    /** Completions by the scoring day: as many as the forecast expected? Every forecast case counts. */
    completedByScoredOn: { expected: number; observed: number };
  };
}

export interface BacktestInput extends Omit<ForecastInput, 'cases' | 'history' | 'now'> {
  /** Every case's events, in sequence order. */
  events: Iterable<readonly CaseEvent[]>;
  asOf: Date;
  scoredOn: Date;
}

function score(rows: ReadonlyArray<{ finished: boolean | null; chance: number }>): QuantileScore {
  const scored = rows.filter((r) => r.finished !== null);
  const finished = scored.filter((r) => r.finished).length;
  return {
    scored: scored.length,
    finished,
    share: scored.length === 0 ? null : finished / scored.length,
    expectedShare: scored.length === 0 ? null : scored.reduce((s, r) => s + r.chance, 0) / scored.length,
  };
}

export function backtestForecast(input: BacktestInput): Backtest {
  const { asOf, scoredOn } = input;
  if (!(asOf.getTime() < scoredOn.getTime()))
    throw new RangeError(`a backtest date must be before the day it is scored on (${londonDate(scoredOn)})`);
  const histories = [...input.events];
  const then = histories.map((events) => caseStateAt(events, asOf)).filter((s): s is CaseState => s !== null);
  const since = new Map(
    histories
      .map((events) => caseStateAt(events, scoredOn))
      .filter((s): s is CaseState => s !== null)
      .map((s) => [s.caseId, s]),
  );
  const drawn = drawOpenCases({ ...input, cases: then, history: then, now: asOf });
  const scoredDay = londonDate(scoredOn);
  const horizon = workingDaysBetween(drawn.today, scoredDay);
  const chanceBy = (draws: readonly CaseDraw[], workingDays: number): number =>
    draws.filter((d) => d.outcome === 'completed' && d.workingDays <= workingDays).length / draws.length;
  const p50Rows: Array<{ finished: boolean | null; chance: number }> = [];
  const p90Rows: Array<{ finished: boolean | null; chance: number }> = [];
  let expected = 0;
  let observed = 0;
  const cases = drawn.cases.map((one): BacktestCase => {
    const { state, draws } = one;
    const forecast = caseForecast(one, drawn.today, drawn.model);
    const now = since.get(state.caseId) ?? state;
    const closed = isClosed(now.stage);
    const outcome = closed ? (now.stage as BacktestCase['outcome']) : 'open';
    const outcomeOn = closed ? currentVisit(now).enteredOn : null;
    const completed = (by: IsoDate): boolean => outcome === 'completed' && outcomeOn !== null && outcomeOn <= by;
    const judge = (days: number | null, rows: typeof p50Rows): { finished: boolean | null } => {
      if (days === null) return { finished: null };
      const date = addWorkingDays(drawn.today, days);
      const finished = date <= scoredDay ? completed(date) : null;
      rows.push({ finished, chance: chanceBy(draws, days) });
      return { finished };
    };
    const p50 = judge(forecast.p50WorkingDays, p50Rows);
    const p90 = judge(forecast.p90WorkingDays, p90Rows);
    expected += chanceBy(draws, horizon);
    if (completed(scoredDay)) observed += 1;
    return {
      caseId: state.caseId,
      stageAtAsOf: state.stage,
      p50: forecast.p50,
      p90: forecast.p90,
      completionProbability: forecast.completionProbability,
      outcome,
      outcomeOn,
      finishedByP50: p50.finished,
      finishedByP90: p90.finished,
    };
  });
  return {
    asOf: drawn.today,
    scoredOn: scoredDay,
    seed: input.seed,
    draws: input.draws,
    assumptionSet: forecastSetLabel(drawn.model.assumptions),
    casesKnown: then.length,
    casesForecast: cases.length,
    cases,
    calibration: { p50: score(p50Rows), p90: score(p90Rows), completedByScoredOn: { expected, observed } },
  };
}
