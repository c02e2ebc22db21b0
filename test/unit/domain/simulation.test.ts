import { describe, expect, it } from 'vitest';
import { defaultStageDurations } from '../../../src/domain/assumptions/workflow.js';
import { simulatePipeline, withStageScaled } from '../../../src/domain/simulation.js';

const sites = Array.from({ length: 20 }, (_, i) => ({
  siteId: i + 1,
  receiptPence: (i + 1) * 1_000_000_00,
  homes: 50 + i,
}));
const totalReceipts = sites.reduce((s, x) => s + x.receiptPence, 0);
const totalHomes = sites.reduce((s, x) => s + x.homes, 0);

describe('simulatePipeline', () => {
  it('is the same for the same seed, whatever order the estate comes in', () => {
    const a = simulatePipeline({ sites, years: 12, seed: 4, runs: 50 });
    expect(simulatePipeline({ sites: [...sites].reverse(), years: 12, seed: 4, runs: 50 })).toEqual(a);
    expect(simulatePipeline({ sites, years: 12, seed: 5, runs: 50 })).not.toEqual(a);
  });

  it('releases nothing in the first five years and everything within eleven, on default durations', () => {
    // Shortest path 60 months + 45 wd ≈ 5.2 years; longest 120 months + 60 wd ≈ 10.2 years.
    const r = simulatePipeline({ sites, years: 12, seed: 1, runs: 100 });
    expect(r.perYear.slice(0, 5).every((y) => y.sitesReleased === 0 && y.receiptsPence === 0)).toBe(true);
    expect(r.perYear.slice(11).every((y) => y.sitesReleased === 0)).toBe(true);
    expect(r.afterHorizon).toEqual({ sitesReleased: 0, receiptsPence: 0, homes: 0 });
    expect(r.perYear.reduce((s, y) => s + y.sitesReleased, 0)).toBeCloseTo(20, 9);
    expect(Math.abs(r.perYear.reduce((s, y) => s + y.receiptsPence, 0) - totalReceipts)).toBeLessThanOrEqual(12);
    expect(r.perYear.reduce((s, y) => s + y.homes, 0)).toBeCloseTo(totalHomes, 6);
    expect(r.yearsToRelease?.median).toBeGreaterThan(7.2);
    expect(r.yearsToRelease?.median).toBeLessThan(7.8);
    expect(r.releasedWithinHorizonShare).toBe(1);
  });

  it('shows what halving planning buys: about nine months off the median', () => {
    const base = simulatePipeline({ sites, years: 12, seed: 9, runs: 200 });
    const halved = simulatePipeline({
      sites,
      durations: withStageScaled(defaultStageDurations(), 'planning', 0.5),
      years: 12,
      seed: 9,
      runs: 200,
    });
    const saved = (base.yearsToRelease?.median ?? 0) - (halved.yearsToRelease?.median ?? 0);
    expect(saved).toBeGreaterThan(0.6);
    expect(saved).toBeLessThan(0.9);
  });

  it('totals releases after the horizon apart', () => {
    const r = simulatePipeline({ sites, years: 5, seed: 1, runs: 10 });
    expect(r.perYear).toHaveLength(5);
    expect(r.afterHorizon.sitesReleased).toBe(20);
    expect(r.afterHorizon.receiptsPence).toBe(totalReceipts);
    expect(r.releasedWithinHorizonShare).toBe(0);
  });

  it('refuses nonsense', () => {
    expect(() => simulatePipeline({ sites, years: 0, seed: 1, runs: 1 })).toThrow(RangeError);
    expect(() => simulatePipeline({ sites, years: 1, seed: 1, runs: 0 })).toThrow(RangeError);
    expect(() =>
      simulatePipeline({ sites: [{ siteId: 1, receiptPence: 1.5, homes: 1 }], years: 1, seed: 1, runs: 1 }),
    ).toThrow(RangeError);
    expect(() => withStageScaled(defaultStageDurations(), 'planning', -1)).toThrow(RangeError);
    expect(simulatePipeline({ sites: [], years: 3, seed: 1, runs: 2 }).yearsToRelease).toBeNull();
  });
});
