import { describe, expect, it } from 'vitest';
import { backtestForecast, caseStateAt } from '../../../src/domain/backtest.js';
import { foldCaseEvents, isClosed } from '../../../src/domain/case-events.js';
import { forecastCases } from '../../../src/domain/forecast.js';
import { CaseBuilder } from './case-fixtures.js';
import { drawnCaseEvents } from './drawn-cases.js';

const noon = (day: string) => new Date(`${day}T12:00:00Z`);

describe('caseStateAt', () => {
  it('folds only the events on record at the instant, and knows nothing of a case before it opened', () => {
    const b = new CaseBuilder(1).walkTo('planning');
    const mid = b.events[6]!;
    expect(caseStateAt(b.events, new Date(mid.occurredAt))).toEqual(foldCaseEvents(b.events.slice(0, 7)));
    expect(caseStateAt(b.events, new Date('2023-01-01T00:00:00Z'))).toBeNull();
    expect(caseStateAt(b.events, new Date('2030-01-01T00:00:00Z'))).toEqual(b.state);
  });
});

describe('backtestForecast', () => {
  const histories = drawnCaseEvents(150, '2026-06-01', 21);

  it('forecasts from the record as it stood: what happened after the date changes no forecast', () => {
    const asOf = noon('2021-06-01');
    const scoredOn = noon('2026-05-29');
    const test = backtestForecast({ events: histories, asOf, scoredOn, seed: 3, draws: 300 });
    // Cut every history at the backtest date: the forecasts must be the same.
    const cut = histories.map((events) => events.filter((e) => Date.parse(e.occurredAt) <= asOf.getTime()));
    const blind = backtestForecast({ events: cut, asOf, scoredOn, seed: 3, draws: 300 });
    expect(blind.cases.map((c) => [c.caseId, c.p50, c.p90])).toEqual(test.cases.map((c) => [c.caseId, c.p50, c.p90]));
    // …and they are the plain forecast on that day.
    const then = cut.filter((e) => e.length > 0).map((e) => foldCaseEvents(e));
    const direct = forecastCases({ cases: then, now: asOf, seed: 3, draws: 300 });
    expect(test.cases.map((c) => c.p50)).toEqual(direct.cases.map((c) => c.p50));
    expect(test.casesKnown).toBe(then.length);
    expect(test.casesForecast).toBe(then.filter((s) => !isClosed(s.stage)).length);
    expect(test.seed).toBe(3);
    expect(test.assumptionSet.modelVersion).toBe('forecast-v2');
  });

  it('scores a date only once it has passed, and counts a case withdrawn or still open by then as not finished', () => {
    const test = backtestForecast({
      events: histories,
      asOf: noon('2021-06-01'),
      scoredOn: noon('2026-05-29'),
      seed: 3,
      draws: 300,
    });
    for (const c of test.cases) {
      for (const [date, finished] of [
        [c.p50, c.finishedByP50],
        [c.p90, c.finishedByP90],
      ] as const) {
        if (date === null || date > test.scoredOn) {
          expect(finished).toBeNull();
          continue;
        }
        expect(finished).toBe(c.outcome === 'completed' && c.outcomeOn !== null && c.outcomeOn <= date);
      }
      if (c.outcome === 'open') expect(c.outcomeOn).toBeNull();
    }
    const { p50, p90 } = test.calibration;
    expect(p50.scored).toBe(test.cases.filter((c) => c.finishedByP50 !== null).length);
    expect(p50.finished).toBe(test.cases.filter((c) => c.finishedByP50 === true).length);
    expect(p90.scored).toBeLessThanOrEqual(p50.scored);
    expect(p50.share).toBeCloseTo(p50.finished / p50.scored, 12);
  });

  it('is calibrated on a history drawn from its own risks: finished shares near those it expected', () => {
    const test = backtestForecast({
      events: histories,
      asOf: noon('2021-06-01'),
      scoredOn: noon('2026-05-29'),
      seed: 5,
      draws: 500,
    });
    const { p50, p90, completedByScoredOn } = test.calibration;
    expect(test.casesForecast).toBeGreaterThan(50);
    expect(p50.scored).toBeGreaterThan(20);
    // Within three standard errors of a share, and of a count of completions.
    const se = Math.sqrt((p50.expectedShare! * (1 - p50.expectedShare!)) / p50.scored);
    expect(Math.abs(p50.share! - p50.expectedShare!)).toBeLessThan(3 * se);
    // P50 is a date among completing draws: the share expected by it is about half the chance of completing.
    expect(p50.expectedShare!).toBeGreaterThan(0.25);
    expect(p50.expectedShare!).toBeLessThan(0.5);
    if (p90.scored > 0) expect(p90.expectedShare!).toBeGreaterThan(p50.expectedShare!);
    expect(completedByScoredOn.expected).toBeGreaterThan(10);
    expect(Math.abs(completedByScoredOn.observed - completedByScoredOn.expected)).toBeLessThan(
      3 * Math.sqrt(completedByScoredOn.expected),
    );
  });

  it('refuses a backtest date on or after the day it is scored', () => {
    expect(() =>
      backtestForecast({
        events: histories,
        asOf: noon('2026-05-29'),
        scoredOn: noon('2026-05-29'),
        seed: 1,
        draws: 10,
      }),
    ).toThrow(RangeError);
  });
});
