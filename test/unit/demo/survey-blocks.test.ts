import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradesAroundMedian, splitGia } from '../../../src/demo/survey-blocks.js';
import { GRADE_ORDER, weightedMedianGrade } from '../../../src/domain/condition.js';
import { seededRandom } from '../../../src/domain/random.js';
import type { Grade } from '../../../src/domain/records.js';

describe('splitGia', () => {
  it('splits a site into whole-metre blocks, largest first, that sum exactly to its GIA', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 200, max: 20_000 }),
        fc.integer({ min: 1, max: 4 }),
        (seed, giaM2, blocks) => {
          const parts = splitGia(seededRandom(seed), giaM2, blocks);
          expect(parts).toHaveLength(blocks);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(giaM2);
          expect(parts.every((p) => Number.isInteger(p) && p > 0)).toBe(true);
          expect([...parts].sort((a, b) => b - a)).toEqual(parts);
        },
      ),
    );
  });

  it('gives one block the whole site', () => {
    expect(splitGia(seededRandom(1), 731, 1)).toEqual([731]);
  });
});

describe('gradesAroundMedian', () => {
  it("keeps the product's GIA-weighted median on the site grade, whatever the other blocks draw", () => {
    const gias = fc
      .array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 4 })
      .map((a) => a.sort((x, y) => y - x));
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(...GRADE_ORDER), gias, (seed, site, giasLargestFirst) => {
        const grades = gradesAroundMedian<Grade>(seededRandom(seed), site, GRADE_ORDER, giasLargestFirst);
        const median = weightedMedianGrade(grades.map((value, i) => ({ value, weight: giasLargestFirst[i] ?? 0 })));
        expect(median).toBe(site);
        for (const g of grades)
          expect(Math.abs(GRADE_ORDER.indexOf(g) - GRADE_ORDER.indexOf(site))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives the site grade to blocks until they hold more than half, strictly', () => {
    // 500 of 1000 m² is exactly half, not more, so the second block must also take the site grade.
    const grades = gradesAroundMedian<Grade>(seededRandom(9), 'C', GRADE_ORDER, [500, 300, 200]);
    expect(grades.slice(0, 2)).toEqual(['C', 'C']);
    // 501 of 1000 is more than half: the rest are free to differ (by one step at most).
    const free = Array.from(
      { length: 200 },
      (_, seed) => gradesAroundMedian<Grade>(seededRandom(seed), 'A', GRADE_ORDER, [501, 499])[1],
    );
    expect(new Set(free)).toEqual(new Set(['A', 'B']));
  });
});
