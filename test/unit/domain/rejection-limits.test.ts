import { describe, expect, it } from 'vitest';
import { refusedWhole, REJECTION_LIMITS, rowsByCode, rowsToKeep } from '../../../src/domain/rejection-limits.js';

const rows = (n: number, codes: string[]) =>
  Array.from({ length: n }, (_, i) => ({ row: i + 2, problems: codes.map((code) => ({ code })) }));

describe('rejection limits', () => {
  it('keeps rows in full until the upload has 10,000', () => {
    expect(REJECTION_LIMITS.rowsKeptInFull).toBe(10_000);
    expect(rowsToKeep(0)).toBe(10_000);
    expect(rowsToKeep(9_999)).toBe(1);
    expect(rowsToKeep(12_000)).toBe(0);
  });

  it('counts a row once per code, however many of its problems have it', () => {
    expect(Object.fromEntries(rowsByCode(rows(3, ['missing', 'missing', 'out_of_bounds'])))).toEqual({
      missing: 3,
      out_of_bounds: 3,
    });
  });

  it('refuses a first batch whole only when it is big enough and more than half rejected', () => {
    expect(refusedWhole(99, rows(99, ['missing']))).toBeNull();
    expect(refusedWhole(200, rows(100, ['missing']))).toBeNull();
    expect(refusedWhole(200, rows(101, ['missing']))).toMatch(
      /^101 of the first 200 rows were rejected \(most often missing, 101 rows\)/,
    );
  });
});
