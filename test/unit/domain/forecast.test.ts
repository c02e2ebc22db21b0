import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastCases, observedStageDurations } from '../../../src/domain/forecast.js';
import { CaseBuilder } from './case-fixtures.js';

const NOW = new Date('2024-01-08T12:00:00Z');
const fresh = (caseId = 1) => new CaseBuilder(caseId, 100 + caseId, '2024-01-08T10:00:00.000Z').state;

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
    const alone = forecastCases({ cases: [fresh(2)], now: NOW, draws: 300, seed: 3 }).cases[0];
    const together = forecastCases({ cases: [fresh(3), fresh(2), fresh(1)], now: NOW, draws: 300, seed: 3 }).cases;
    expect(together.map((c) => c.caseId)).toEqual([1, 2, 3]);
    expect(together[1]).toEqual(alone);
  });

  it('centres a new case near the sum of the triangular means (≈ 1,891 working days, 7.5 years)', () => {
    // Months (l+c+h)/3: 50.67 + 2 + 3 + 4.33 + 18 + 6.33 + 3 = 87.33 → ×21 = 1,834 wd,
    // plus the listing step (5+10+20)/3 = 11.67 wd and first refusal 40 wd → ≈ 1,886 wd.
    const f = forecastCases({ cases: [fresh()], now: NOW, draws: 4000, seed: 11 });
    const c = f.cases[0];
    expect(c?.p50WorkingDays).toBeGreaterThan(1886 * 0.97);
    expect(c?.p50WorkingDays).toBeLessThan(1886 * 1.03);
    expect(c?.bases.every((b) => b.basis === 'assumption')).toBe(true);
    expect(f.identificationToSaleYears?.p50).toBeCloseTo(1886 / 252, 0);
    // Even the shortest path (60 months + 45 working days) exceeds five years.
    expect(f.shareWithinFiveYears).toBe(0);
    expect(f.baselineYears).toEqual({ low: 5, high: 10 });
    // Surplus to sale leaves out identification: ≈ (87.33 − 50.67) × 21 + 51.67 ≈ 822 wd ≈ 3.3 years.
    expect(f.surplusToSaleYears?.p50).toBeGreaterThan(3.0);
    expect(f.surplusToSaleYears?.p50).toBeLessThan(3.6);
    expect(f.surplusToSaleShareByYear.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
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
          expect(c.p90WorkingDays).toBeGreaterThanOrEqual(c.p50WorkingDays);
          expect(c.p90 >= c.p50).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('forecasts a case in its last stage within that stage’s range, as dates', () => {
    const b = new CaseBuilder(5).walkTo('sale_agreed'); // entered Tue 2 Apr 2024
    const f = forecastCases({ cases: [b.state], now: new Date('2024-04-03T12:00:00Z'), draws: 2000, seed: 1 }).cases[0];
    // Sale agreed → completed is 2–4 months (42–84 wd); one day has gone.
    expect(f?.p50WorkingDays).toBeGreaterThanOrEqual(41);
    expect(f?.p90WorkingDays).toBeLessThanOrEqual(83);
    expect(f?.bases).toEqual([{ stage: 'sale_agreed', basis: 'assumption', observations: 0 }]);
    expect((f?.p50 ?? '') > '2024-05-31').toBe(true);
  });

  it('draws the current stage on condition that it outlasts the time already spent', () => {
    const b = new CaseBuilder(5).walkTo('sale_agreed'); // entered Tue 2 Apr 2024
    // 3–5 Apr 3, 8–30 Apr 17, May 21 (6 and 27 May are holidays), 3–26 Jun 18 → 59 working days spent of 42–84.
    const late = forecastCases({ cases: [b.state], now: new Date('2024-06-26T12:00:00Z'), draws: 1000, seed: 1 })
      .cases[0];
    expect(late?.p90WorkingDays).toBeLessThanOrEqual(84 - 59);
    expect(late?.p50WorkingDays).toBeGreaterThanOrEqual(1);
    // Past the top of its range, it ends within the overrun horizon (63 working days).
    const overrun = forecastCases({ cases: [b.state], now: new Date('2025-01-06T12:00:00Z'), draws: 1000, seed: 1 })
      .cases[0];
    expect(overrun?.p90WorkingDays).toBeLessThanOrEqual(63);
    expect(overrun?.p90WorkingDays).toBeGreaterThan(40);
  });

  it('draws from observed durations once three cases have been through a stage, which moves the forecast', () => {
    const openCase = new CaseBuilder(9).walkTo('planning');
    const now = new Date('2024-04-02T12:00:00Z');
    const slowPlanning = [1, 2, 3].map((id) => {
      const b = new CaseBuilder(id).walkTo('planning');
      b.now = new Date('2027-06-01T10:00:00Z'); // about 820 working days of planning
      return b.walkTo('marketing').state;
    });
    const observed = observedStageDurations(slowPlanning);
    expect(observed.planning).toHaveLength(3);
    expect(observed.planning[0]).toBeGreaterThan(800);
    expect(observed.marketing).toEqual([]);
    const base = forecastCases({ cases: [openCase.state], now, draws: 1000, seed: 5 }).cases[0];
    const twoSeen = forecastCases({
      cases: [openCase.state],
      history: slowPlanning.slice(0, 2),
      now,
      draws: 1000,
      seed: 5,
    }).cases[0];
    const threeSeen = forecastCases({ cases: [openCase.state], history: slowPlanning, now, draws: 1000, seed: 5 })
      .cases[0];
    // Two observations are not enough: same draws, the count shown.
    expect([twoSeen?.p50WorkingDays, twoSeen?.p90WorkingDays]).toEqual([base?.p50WorkingDays, base?.p90WorkingDays]);
    expect(twoSeen?.bases.find((b) => b.stage === 'planning')).toEqual({
      stage: 'planning',
      basis: 'assumption',
      observations: 2,
    });
    expect(threeSeen?.bases.find((b) => b.stage === 'planning')).toEqual({
      stage: 'planning',
      basis: 'observed',
      observations: 3,
    });
    // Planning assumed ≈ 378 wd (18 months); observed ≈ 820: the forecast moves by roughly the difference.
    expect((threeSeen?.p50WorkingDays ?? 0) - (base?.p50WorkingDays ?? 0)).toBeGreaterThan(350);
  });

  it('counts a deferral to its date, then the rest of the stage it left', () => {
    const b = new CaseBuilder(4)
      .walkTo('sale_agreed')
      .to('deferred', { stallReason: { code: 'market_conditions' }, deferUntil: '2024-07-01' });
    const f = forecastCases({ cases: [b.state], now: new Date('2024-04-04T12:00:00Z'), draws: 500, seed: 2 }).cases[0];
    const toDate = 61; // working days after Thu 4 Apr to Mon 1 Jul 2024 (6 May and 27 May are holidays)
    expect(f?.p50WorkingDays).toBeGreaterThan(toDate + 40);
    expect(f?.p90WorkingDays).toBeLessThanOrEqual(toDate + 84);
  });

  it('skips closed cases and refuses a forecast with no draws', () => {
    const done = new CaseBuilder(6).walkTo('completed').state;
    const f = forecastCases({ cases: [done], now: NOW, draws: 10, seed: 1 });
    expect(f.cases).toEqual([]);
    expect(f.shareWithinFiveYears).toBeNull();
    expect(() => forecastCases({ cases: [], now: NOW, draws: 0, seed: 1 })).toThrow(RangeError);
  });
});
