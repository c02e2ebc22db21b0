import { describe, expect, it } from 'vitest';
import { DEFAULT_VALUATION_ASSUMPTIONS as A } from '../../../src/domain/assumptions/valuation.js';
import { SENSITIVITY_STEPS_PCT, sensitivityCell, sensitivityGrid } from '../../../src/domain/sensitivity.js';
import { valueSite } from '../../../src/domain/valuation.js';
import { richmondSite } from './valuation-fixtures.js';

/** The 1 ha Richmond site of valuation.test.ts (2,000 m² existing): held at EUV in the base case, not at +10% sales. */
const richmond = richmondSite({ siteRef: 'SENS01' });

describe('sensitivityGrid', () => {
  it('runs nine cells, sales major, build minor, with ±10% factors', () => {
    const seen: Array<[number, number]> = [];
    const grid = sensitivityGrid(({ salesFactor, buildFactor }) => {
      seen.push([salesFactor, buildFactor]);
      return { residualPence: 0, marketValuePence: 0, netReceiptPence: 0 };
    });
    expect(grid).toHaveLength(9);
    expect(seen).toEqual([
      [0.9, 0.9],
      [0.9, 1],
      [0.9, 1.1],
      [1, 0.9],
      [1, 1],
      [1, 1.1],
      [1.1, 0.9],
      [1.1, 1],
      [1.1, 1.1],
    ]);
    expect(SENSITIVITY_STEPS_PCT).toEqual([-10, 0, 10]);
    expect(() => sensitivityCell(grid, 10, 10)).not.toThrow();
  });
});

describe('a valuation’s sensitivity', () => {
  const v = valueSite(richmond, A);

  it('has the base case in its middle cell', () => {
    expect(sensitivityCell(v.sensitivity, 0, 0)).toMatchObject({
      residualPence: v.residualPence,
      marketValuePence: v.marketValuePence,
      netReceiptPence: v.netReceiptPence,
    });
  });

  it('matches a hand-worked corner: sales +10%, build unchanged', () => {
    // GDV 2,491,288,800 × 1.1 = 2,740,417,680 (market 1,796,995,200 + affordable 943,422,480).
    // Costs that follow GDV: marketing 2.5% = 68,510,442; legal 0.25% = 6,851,044.2 → 6,851,044; return 17.5% = 479,573,094.
    // Costs that do not: construction 1,201,138,400 + demolition 30,000,000 + contingency 60,056,920 + fees 120,113,840
    //   + finance 98,791,641 + MCIL 11,040,000 = 1,521,140,801.
    // RLV = 2,740,417,680 − 2,076,075,381 = 664,342,299 > EUV 500,000,000, so market value is the residual;
    // net receipt 664,342,299 − 2% (13,286,845.98 → 13,286,846) = 651,055,453.
    expect(sensitivityCell(v.sensitivity, 10, 0)).toMatchObject({
      residualPence: 664_342_299,
      marketValuePence: 664_342_299,
      netReceiptPence: 651_055_453,
    });
    // The base case is held at EUV: market value 500,000,000 while the residual is 465,662,017.
    expect(sensitivityCell(v.sensitivity, 0, 0).marketValuePence).toBe(500_000_000);
  });

  it('moves the residual up with sales and down with build costs across the grid', () => {
    for (const build of SENSITIVITY_STEPS_PCT) {
      const bySales = SENSITIVITY_STEPS_PCT.map((sales) => sensitivityCell(v.sensitivity, sales, build).residualPence);
      expect([...bySales].sort((a, b) => a - b)).toEqual(bySales);
    }
    for (const sales of SENSITIVITY_STEPS_PCT) {
      const byBuild = SENSITIVITY_STEPS_PCT.map((build) => sensitivityCell(v.sensitivity, sales, build).residualPence);
      expect([...byBuild].sort((a, b) => b - a)).toEqual(byBuild);
    }
    // Market value never falls below EUV in any cell.
    expect(v.sensitivity.every((c) => c.marketValuePence >= v.euvPence)).toBe(true);
  });
});
