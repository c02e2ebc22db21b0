import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORECAST_ASSUMPTIONS } from '../../../src/domain/assumptions/forecast.js';
import { PATH_STAGES } from '../../../src/domain/case-events.js';
import { forecastCases } from '../../../src/domain/forecast.js';
import { CaseBuilder } from './case-fixtures.js';

const NOW = new Date('2024-01-08T12:00:00Z');
const fresh = (caseId = 1) => new CaseBuilder(caseId, 100 + caseId, '2024-01-08T10:00:00.000Z').state;
const f = DEFAULT_FORECAST_ASSUMPTIONS.figures;

/** Cases that went through planning slowly (about 820 working days) and moved on. */
const slowPlanners = (ids: number[]) =>
  ids.map((id) => {
    const b = new CaseBuilder(id).walkTo('planning');
    b.now = new Date('2027-06-01T10:00:00Z');
    return b.walkTo('marketing').state;
  });

describe('forecastCases', () => {
  it('gives the same answer for the same seed and a different one for another seed', () => {
    const cases = [fresh(1), fresh(2)];
    const a = forecastCases({ cases, now: NOW, draws: 500, seed: 7 });
    expect(forecastCases({ cases, now: NOW, draws: 500, seed: 7 })).toEqual(a);
    expect(forecastCases({ cases, now: NOW, draws: 500, seed: 8 }).cases[0]?.p50WorkingDays).not.toBe(
      a.cases[0]?.p50WorkingDays,
    );
  });

  it("does not let one case's forecast depend on the others forecast with it, or their order", () => {
    const history = [fresh(1), fresh(2), fresh(3)];
    const alone = forecastCases({ cases: [fresh(2)], history, now: NOW, draws: 300, seed: 3 }).cases[0];
    const together = forecastCases({
      cases: [fresh(3), fresh(2), fresh(1)],
      history,
      now: NOW,
      draws: 300,
      seed: 3,
    }).cases;
    expect(together.map((c) => c.caseId)).toEqual([1, 2, 3]);
    expect(together[1]).toEqual(alone);
  });

  it('gives a new case a spread around the 5–10 year baseline, and a real chance of never completing', () => {
    const forecast = forecastCases({ cases: [fresh()], now: NOW, draws: 4000, seed: 11 });
    const c = forecast.cases[0]!;
    // With nothing seen yet, every stage's risks are the defaults: it completes only if no stage ends it.
    const completes = PATH_STAGES.reduce(
      (p, s) => p * (1 - (f['risk.withdrawal'].value[s] + f['risk.retention'].value[s]) / 100),
      1,
    );
    expect(c.completionProbability).toBeGreaterThan(completes - 0.03);
    expect(c.completionProbability).toBeLessThan(completes + 0.03);
    // …and is withdrawn from a stage if it reaches it and that stage's risk strikes.
    let reaches = 1;
    let withdrawn = 0;
    for (const s of PATH_STAGES) {
      withdrawn += (reaches * f['risk.withdrawal'].value[s]) / 100;
      reaches *= 1 - (f['risk.withdrawal'].value[s] + f['risk.retention'].value[s]) / 100;
    }
    const shares = forecast.outcomeShares!;
    expect(shares.withdrawn).toBeGreaterThan(withdrawn - 0.03);
    expect(shares.withdrawn).toBeLessThan(withdrawn + 0.03);
    expect(shares.completed + shares.withdrawn + shares.retained).toBeCloseTo(1, 9);
    // Identification to sale, when it completes: centred between 7 and 8.5 years, P10 to P90 wider than three years.
    const years = forecast.identificationToSaleYears!;
    expect(years.p50).toBeGreaterThan(7);
    expect(years.p50).toBeLessThan(8.5);
    expect(years.p90 - years.p10).toBeGreaterThan(3);
    // A few empty sites complete within five years; most of those that complete do so within ten.
    expect(c.withinFiveYears).toBeGreaterThan(0.02);
    expect(c.withinFiveYears).toBeLessThan(0.15);
    expect(c.withinTenYears).toBeGreaterThan(0.45);
    expect(c.withinTenYears).toBeLessThan(c.completionProbability);
    expect(forecast.shareWithinFiveYears).toBeCloseTo(c.withinFiveYears, 9);
    expect(forecast.shareWithinTenYears).toBeCloseTo(c.withinTenYears, 9);
    // One case: in each draw it either does or does not, so the 90% spread runs from 0 to 1.
    expect(forecast.shareWithinTenYearsInterval).toEqual({ low: 0, high: 1, level: 0.9 });
    expect(forecast.identificationToSaleShareByYear.reduce((s, x) => s + x, 0)).toBeCloseTo(c.completionProbability, 9);
    expect(forecast.surplusToSaleShareByYear.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    expect(forecast.baselineYears).toEqual({ low: 5, high: 10 });
    expect(c.bases.map((b) => b.stage)).toEqual([...PATH_STAGES]);
    expect(c.bases[1]).toEqual({
      stage: 'surplus_declared',
      basis: 'assumption',
      observations: 0,
      censored: 0,
      observedWeight: 0,
    });
  });

  it('narrows the portfolio share within five years as the portfolio grows', () => {
    const cases = Array.from(
      { length: 40 },
      (_, i) => new CaseBuilder(i + 1).wait(i * 20).walkTo('due_diligence').state,
    );
    const now = new Date('2025-06-02T12:00:00Z');
    const width = (n: number) => {
      const forecast = forecastCases({ cases: cases.slice(0, n), history: cases, now, draws: 400, seed: 4 });
      const share = forecast.shareWithinFiveYears!;
      const interval = forecast.shareWithinFiveYearsInterval!;
      expect(interval.low).toBeLessThanOrEqual(share);
      expect(interval.high).toBeGreaterThanOrEqual(share);
      return interval.high - interval.low;
    };
    const few = width(4);
    const many = width(40);
    // Forty independent cases: about a binomial spread, ±1.645 × √(p(1 − p)/40) ≈ ±0.13.
    expect(many).toBeGreaterThan(0.1);
    expect(many).toBeLessThan(0.35);
    expect(many).toBeLessThan(few);
  });

  it('puts P90 at or after P50, whatever the seed and stage', () => {
    const cases = [
      fresh(1),
      new CaseBuilder(2).walkTo('planning').state,
      new CaseBuilder(3).walkTo('sale_agreed').state,
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 200 }), (seed, draws) => {
        for (const c of forecastCases({ cases, now: new Date('2024-05-01T12:00:00Z'), draws, seed }).cases) {
          if (c.p50WorkingDays === null) {
            expect(c.completionProbability).toBe(0);
            continue;
          }
          expect(c.p90WorkingDays).toBeGreaterThanOrEqual(c.p50WorkingDays);
          expect(c.p90! >= c.p50!).toBe(true);
          expect(c.withinFiveYears).toBeLessThanOrEqual(c.withinTenYears);
          expect(c.withinTenYears).toBeLessThanOrEqual(c.completionProbability);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('forecasts a case in its last stage within that stage’s range, as dates', () => {
    const b = new CaseBuilder(5).walkTo('sale_agreed'); // entered Tue 2 Apr 2024
    const c = forecastCases({ cases: [b.state], now: new Date('2024-04-03T12:00:00Z'), draws: 2000, seed: 1 }).cases[0];
    // Sale agreed → completed is 2–4 months (42–84 wd); one day has gone. 3% are deferred, 2% fall away.
    expect(c?.p50WorkingDays).toBeGreaterThanOrEqual(41);
    expect(c?.p90WorkingDays).toBeLessThanOrEqual(83);
    expect(c?.completionProbability).toBeGreaterThan(0.96);
    expect(c?.bases).toEqual([
      { stage: 'sale_agreed', basis: 'observed', observations: 1, censored: 1, observedWeight: 1 / 11 },
    ]);
    expect((c?.p50 ?? '') > '2024-05-31').toBe(true);
  });

  it('draws the current stage on condition that it outlasts the time already spent', () => {
    const b = new CaseBuilder(5).walkTo('sale_agreed'); // entered Tue 2 Apr 2024
    // 3–5 Apr 3, 8–30 Apr 17, May 21 (6 and 27 May are holidays), 3–26 Jun 18 → 59 working days spent of 42–84.
    const late = forecastCases({ cases: [b.state], now: new Date('2024-06-26T12:00:00Z'), draws: 1000, seed: 1 })
      .cases[0];
    expect(late?.p90WorkingDays).toBeLessThanOrEqual(84 - 59 + 1);
    expect(late?.p50WorkingDays).toBeGreaterThanOrEqual(1);
    // Past the top of its range (and of its own stay so far), it ends within the overrun horizon (63 working days).
    const overrun = forecastCases({ cases: [b.state], now: new Date('2025-01-06T12:00:00Z'), draws: 1000, seed: 1 })
      .cases[0];
    expect(overrun?.p90WorkingDays).toBeLessThanOrEqual(63);
    expect(overrun?.p90WorkingDays).toBeGreaterThan(40);
  });

  it('blends observed durations with the defaults by how many cases were seen, never replacing them', () => {
    const open = new CaseBuilder(99).walkTo('planning');
    const now = new Date('2024-04-02T12:00:00Z');
    const base = forecastCases({ cases: [open.state], now, draws: 2000, seed: 5 }).cases[0]!;
    const seen = (n: number) =>
      forecastCases({
        cases: [open.state],
        history: [open.state, ...slowPlanners(Array.from({ length: n }, (_, i) => i + 1))],
        now,
        draws: 2000,
        seed: 5,
      }).cases[0]!;
    const three = seen(3);
    const thirty = seen(30);
    const planning = (c: typeof base) => c.bases.find((b) => b.stage === 'planning');
    expect(planning(three)).toEqual({
      stage: 'planning',
      basis: 'observed',
      observations: 4,
      censored: 1,
      observedWeight: 4 / 14,
    });
    // Planning assumed ≈ 390 wd; observed ≈ 820: a few cases move the forecast a little, many move it most of the way.
    const shift = (c: typeof base) => (c.p50WorkingDays ?? 0) - (base.p50WorkingDays ?? 0);
    expect(shift(three)).toBeGreaterThan(0);
    expect(shift(thirty)).toBeGreaterThan(shift(three));
    expect(shift(thirty)).toBeGreaterThan(250);
    // The defaults keep their share: a tenth of the mass still ends before the slowest observed stay.
    expect(shift(thirty)).toBeLessThan(820 - 390);
    expect(thirty.p50WorkingDays).not.toBe(base.p50WorkingDays);
  });

  it('never shortens a forecast when more cases are still in its stage, however long they have been there', () => {
    const target = new CaseBuilder(1).walkTo('planning');
    const now = new Date('2026-03-02T12:00:00Z');
    const history = [target.state, ...slowPlanners([2, 3])];
    const before = forecastCases({ cases: [target.state], history, now, draws: 300, seed: 9 }).cases[0]!;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 6 }), (openedDaysAgo) => {
        const stuck = openedDaysAgo.map(
          (days, i) =>
            new CaseBuilder(100 + i, 200 + i, new Date(now.getTime() - (days + 80) * 86_400_000).toISOString()).walkTo(
              'planning',
            ).state,
        );
        const after = forecastCases({
          cases: [target.state],
          history: [...history, ...stuck],
          now,
          draws: 300,
          seed: 9,
        }).cases[0]!;
        expect(after.p50WorkingDays!).toBeGreaterThanOrEqual(before.p50WorkingDays!);
        expect(after.p90WorkingDays!).toBeGreaterThanOrEqual(before.p90WorkingDays!);
        expect(after.withinTenYears).toBeLessThanOrEqual(before.withinTenYears);
        expect(after.completionProbability).toBe(before.completionProbability);
      }),
      { numRuns: 25 },
    );
  });

  it('lowers the chance of completing when cases are seen withdrawn from a stage', () => {
    const open = new CaseBuilder(50).walkTo('planning');
    const now = new Date('2024-04-02T12:00:00Z');
    const withdrawn = [1, 2, 3, 4, 5].map(
      (id) => new CaseBuilder(id).walkTo('planning').to('withdrawn', { stallReason: { code: 'planning_delay' } }).state,
    );
    const base = forecastCases({ cases: [open.state], now, draws: 2000, seed: 3 });
    const seen = forecastCases({ cases: [open.state], history: [open.state, ...withdrawn], now, draws: 2000, seed: 3 });
    const planning = seen.stages.find((s) => s.stage === 'planning')!;
    // (10 × 4% + 5) / (10 + 5) = 36%.
    expect(planning.withdrawal).toBeCloseTo((10 * 0.04 + 5) / 15, 12);
    expect(seen.cases[0]!.completionProbability).toBeLessThan(base.cases[0]!.completionProbability - 0.2);
  });

  it('counts a deferral to its date, then the rest of the stage it left', () => {
    const b = new CaseBuilder(4)
      .walkTo('sale_agreed')
      .to('deferred', { stallReason: { code: 'market_conditions' }, deferUntil: '2024-07-01' });
    const c = forecastCases({ cases: [b.state], now: new Date('2024-04-04T12:00:00Z'), draws: 500, seed: 2 }).cases[0];
    const toDate = 61; // working days after Thu 4 Apr to Mon 1 Jul 2024 (6 May and 27 May are holidays)
    expect(c?.p50WorkingDays).toBeGreaterThan(toDate + 40);
    // A deferral lasts 3–12 months by the defaults, so it may well run past its date.
    expect(c?.p90WorkingDays).toBeLessThanOrEqual(12 * 21 + 84);
    expect(c?.p90WorkingDays).toBeGreaterThan(toDate + 84);
  });

  it('expects fewer deferrals of a stay that has run most of its course undeferred', () => {
    const assumptions = structuredClone(DEFAULT_FORECAST_ASSUMPTIONS);
    assumptions.figures['risk.deferral'].value = { ...assumptions.figures['risk.deferral'].value, sale_agreed: 60 };
    assumptions.figures['risk.deferral_months'].value = { low: 12, central: 12, high: 12 };
    const b = new CaseBuilder(5).walkTo('sale_agreed'); // entered Tue 2 Apr 2024
    const at = (day: string) =>
      forecastCases({ cases: [b.state], now: new Date(`${day}T12:00:00Z`), draws: 2000, seed: 1, assumptions })
        .cases[0]!;
    // Just entered: 60% of draws wait a year (252 working days) on top of the stay.
    expect(at('2024-04-03').p50WorkingDays).toBeGreaterThan(252);
    // 59 of 42–84 working days gone undeferred: at most 31% are still to be deferred.
    expect(at('2024-06-26').p50WorkingDays).toBeLessThan(30);
  });

  it('names its assumption set and every figure behind it, with sources', () => {
    const forecast = forecastCases({ cases: [fresh()], now: NOW, draws: 10, seed: 1 });
    expect(forecast.assumptionSet).toEqual({
      id: 'forecast-2026-v1',
      effectiveFrom: '2026-12-01',
      modelVersion: 'forecast-v2',
    });
    const keys = forecast.sources.map((s) => s.key);
    for (const key of [
      'stage.planning.months',
      'stage.first_refusal.working_days',
      'risk.withdrawal',
      'planning.refusal',
      'yardstick.nao_sale_months',
    ])
      expect(keys).toContain(key);
    for (const s of forecast.sources) {
      expect(s.source.length).toBeGreaterThan(10);
      expect(['sourced', 'sourced-secondary', 'assumption']).toContain(s.provenance);
    }
    expect(forecast.sources.find((s) => s.key === 'planning.appeal_allowed')?.provenance).toBe('sourced');
  });

  it('skips closed cases and refuses a forecast with no draws', () => {
    const done = new CaseBuilder(6).walkTo('completed').state;
    const forecast = forecastCases({ cases: [done], now: NOW, draws: 10, seed: 1 });
    expect(forecast.cases).toEqual([]);
    expect(forecast.shareWithinFiveYears).toBeNull();
    expect(forecast.shareWithinFiveYearsInterval).toBeNull();
    expect(forecast.outcomeShares).toBeNull();
    expect(() => forecastCases({ cases: [], now: NOW, draws: 0, seed: 1 })).toThrow(RangeError);
  });
});
