import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blendedSurvival,
  convolveMasses,
  kaplanMeier,
  mixMasses,
  sampleRemaining,
  survivalQuantile,
  triangularMass,
  type DurationObservation,
} from '../../../src/domain/survival.js';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const observation = fc.record({ workingDays: fc.integer({ min: 0, max: 400 }), ended: fc.boolean() });

describe('duration masses', () => {
  it('spreads a triangular range over whole days, summing to one, and fixes a degenerate one', () => {
    const mass = triangularMass({ low: 10, central: 20, high: 40 });
    expect(mass).toHaveLength(41);
    expect(sum(mass)).toBeCloseTo(1, 12);
    expect(mass.slice(0, 11).every((m) => m === 0)).toBe(true);
    // The mode's neighbours carry the most mass.
    expect(mass.indexOf(Math.max(...mass))).toBeGreaterThanOrEqual(20);
    expect(mass.indexOf(Math.max(...mass))).toBeLessThanOrEqual(21);
    expect(triangularMass({ low: 40, central: 40, high: 40 })).toEqual([...new Array(40).fill(0), 1]);
    expect(() => triangularMass({ low: 5, central: 3, high: 9 })).toThrow(RangeError);
  });

  it('mixes and chains distributions without losing mass', () => {
    const a = triangularMass({ low: 2, central: 4, high: 9 });
    const b = triangularMass({ low: 0, central: 1, high: 3 });
    const both = convolveMasses(a, b);
    expect(sum(both)).toBeCloseTo(1, 12);
    const mean = (m: number[]) => m.reduce((s, p, t) => s + p * t, 0);
    expect(mean(both)).toBeCloseTo(mean(a) + mean(b), 9);
    const mixed = mixMasses([
      [3, a],
      [1, b],
    ]);
    expect(sum(mixed)).toBeCloseTo(1, 12);
    expect(mean(mixed)).toBeCloseTo(0.75 * mean(a) + 0.25 * mean(b), 9);
  });
});

describe('blendedSurvival', () => {
  it('is the empirical survival when nothing is censored and the prior weighs nothing (Kaplan–Meier)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 40 }), (days) => {
        const survival = kaplanMeier(days.map((workingDays) => ({ workingDays, ended: true })));
        survival.forEach((s, t) => {
          expect(s).toBeCloseTo(days.filter((d) => d > t).length / days.length, 12);
        });
      }),
    );
  });

  it('matches a worked Kaplan–Meier example with censoring', () => {
    // Ended at 3, 5, 5, 8; still running at 4 and 6. At risk: 6 at day 3, 4 at day 5, 1 at day 8.
    const observations: DurationObservation[] = [
      { workingDays: 3, ended: true },
      { workingDays: 4, ended: false },
      { workingDays: 5, ended: true },
      { workingDays: 5, ended: true },
      { workingDays: 6, ended: false },
      { workingDays: 8, ended: true },
    ];
    const survival = kaplanMeier(observations);
    expect(survival[2]).toBe(1);
    expect(survival[3]).toBeCloseTo(5 / 6, 12);
    expect(survival[5]).toBeCloseTo((5 / 6) * (2 / 4), 12);
    expect(survival[7]).toBeCloseTo((5 / 6) * (2 / 4), 12);
    expect(survival[8]).toBe(0);
  });

  it('is the prior when nothing has been observed, whatever the weight', () => {
    const prior = triangularMass({ low: 20, central: 30, high: 50 });
    const survival = blendedSurvival(prior, [], 10);
    let left = 1;
    prior.forEach((p, t) => {
      left -= p;
      expect(survival[t]).toBeCloseTo(Math.max(0, left), 9);
    });
  });

  it('keeps the prior in the blend however many cases are observed, and moves towards them as they grow', () => {
    const prior = triangularMass({ low: 20, central: 30, high: 50 });
    const median = (n: number) =>
      survivalQuantile(
        blendedSurvival(
          prior,
          Array.from({ length: n }, () => ({ workingDays: 200, ended: true })),
          10,
        ),
        0.5,
      );
    // All observed stays are 200 days; the prior's median is ~32.
    expect(median(0)).toBeLessThan(40);
    expect(median(5)).toBeLessThan(60);
    expect(median(20)).toBe(200);
    // However many, the prior still ends some of the mass before 200.
    const survival = blendedSurvival(
      prior,
      Array.from({ length: 1000 }, () => ({ workingDays: 200, ended: true })),
      10,
    );
    expect(survival[60]).toBeLessThan(1);
    expect(survival[60]).toBeGreaterThan(0.98);
  });

  it('never shortens a duration when more cases are still running, however long they have run', () => {
    fc.assert(
      fc.property(
        fc.array(observation, { maxLength: 25 }),
        fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 20 }),
        (seen, running, weight) => {
          const prior = triangularMass({ low: 30, central: 60, high: 120 });
          const before = blendedSurvival(prior, seen, weight);
          const after = blendedSurvival(
            prior,
            [...seen, ...running.map((workingDays) => ({ workingDays, ended: false }))],
            weight,
          );
          for (let t = 0; t < before.length; t += 1) expect(after[t]).toBeGreaterThanOrEqual((before[t] ?? 0) - 1e-12);
          // Draw for draw, with the same random numbers, nothing ends sooner.
          for (const u of [0, 0.1, 0.37, 0.5, 0.73, 0.9, 0.999])
            for (const elapsed of [0, 45, 200])
              expect(sampleRemaining(after, elapsed, u, 63)).toBeGreaterThanOrEqual(
                sampleRemaining(before, elapsed, u, 63),
              );
        },
      ),
    );
  });
});

describe('sampleRemaining', () => {
  it('draws the rest of a stay conditioned on its having lasted so far', () => {
    const survival = blendedSurvival(triangularMass({ low: 40, central: 60, high: 80 }), [], 10);
    expect(sampleRemaining(survival, 0, 0, 63)).toBeGreaterThanOrEqual(40);
    expect(sampleRemaining(survival, 0, 0.999999, 63)).toBeLessThanOrEqual(80);
    // Seventy days in, at most ten are left.
    for (const u of [0, 0.5, 0.99]) expect(sampleRemaining(survival, 70, u, 63)).toBeLessThanOrEqual(10);
    // Past everything the survival knows, it ends within the overrun.
    expect(sampleRemaining(survival, 120, 0.5, 63)).toBe(31);
  });

  it('spreads mass left beyond the horizon over the overrun after it', () => {
    // Half the stays end at day 10; the other half are still running at day 20.
    const survival = kaplanMeier([
      { workingDays: 10, ended: true },
      { workingDays: 20, ended: false },
    ]);
    expect(sampleRemaining(survival, 0, 0.25, 40)).toBe(10);
    expect(sampleRemaining(survival, 0, 0.5, 40)).toBe(21);
    expect(sampleRemaining(survival, 0, 0.75, 40)).toBe(41);
  });
});
