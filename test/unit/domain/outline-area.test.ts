import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { OUTLINE_AREA_TOLERANCE, outlineAreaHa, outlineAreaProblem } from '../../../src/domain/outline-area.js';

/** A w × h metre rectangle in British National Grid. */
const rectangle = (w: number, h: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [530000, 180000],
      [530000 + w, 180000],
      [530000 + w, 180000 + h],
      [530000, 180000 + h],
      [530000, 180000],
    ],
  ],
});

describe('an outline’s area against the register’s', () => {
  it('measures hectares in the grid', () => {
    expect(outlineAreaHa(rectangle(100, 100))).toBeCloseTo(1, 10);
  });

  it('accepts within a quarter of the stated area, or 0.1 ha for small sites', () => {
    expect(outlineAreaProblem(rectangle(100, 120), [1])).toBeNull(); // 1.2 ha against 1: 20%
    expect(outlineAreaProblem(rectangle(100, 20), [0.11])).toBeNull(); // 0.2 against 0.11: 0.09 ha
    expect(outlineAreaProblem(rectangle(100, 100), [])).toBeNull(); // nothing stated
    expect(outlineAreaProblem(rectangle(100, 300), [1, 2.9])).toBeNull(); // one register agrees
  });

  it('refuses beyond it, naming both areas and the tolerance', () => {
    const problem = outlineAreaProblem(rectangle(100, 130), [1]);
    expect(problem).toMatchObject({ field: 'geometry', code: 'outline_area_mismatch' });
    expect(problem?.message).toMatch(/measures 1\.30 ha but the register states 1\.00 ha/);
    expect(problem?.message).toContain(`${OUTLINE_AREA_TOLERANCE.share * 100}%`);
    expect(outlineAreaProblem(rectangle(100, 25), [0.11])?.code).toBe('outline_area_mismatch'); // 0.14 ha off
  });
});
