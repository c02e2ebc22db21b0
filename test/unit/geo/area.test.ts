import fc from 'fast-check';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { catchmentOverlapShare, geometryProblems, planarAreaM2 } from '../../../geo/area.js';

/** Share of one circle's area inside another of the same radius, centres dM apart: the lens formula. */
function lensShare(dM: number, radiusM: number): number {
  if (dM >= 2 * radiusM) return 0;
  const lens = 2 * radiusM ** 2 * Math.acos(dM / (2 * radiusM)) - (dM / 2) * Math.sqrt(4 * radiusM ** 2 - dM ** 2);
  return lens / (Math.PI * radiusM ** 2);
}

const site = { eastingM: 530_000, northingM: 180_000 };
const at = (dxM: number, dyM: number) => ({ eastingM: site.eastingM + dxM, northingM: site.northingM + dyM });

describe('catchmentOverlapShare', () => {
  it('is 1 for the same point and 0 at twice the radius apart or more', () => {
    expect(catchmentOverlapShare(site, site, 800)).toBe(1);
    expect(catchmentOverlapShare(site, at(1_600, 0), 800)).toBe(0);
    expect(catchmentOverlapShare(site, at(960, 1_280), 800)).toBe(0); // 1,600 m on a diagonal
    expect(catchmentOverlapShare(site, at(5_000, 0), 800)).toBe(0);
  });

  it('gives about 0.391 when the centres are one radius apart, within 1% of the lens formula', () => {
    const reference = lensShare(800, 800);
    expect(reference).toBeCloseTo(2 / 3 - Math.sqrt(3) / (2 * Math.PI), 12);
    expect(reference).toBeCloseTo(0.391, 3);
    for (const [dx, dy] of [
      [800, 0],
      [0, -800],
      [480, 640],
      [-565.685, 565.685],
    ] as const) {
      const share = catchmentOverlapShare(site, at(dx, dy), 800);
      expect(Math.abs(share - reference) / reference).toBeLessThan(0.01);
    }
  });

  it('follows the lens formula at every distance (within 1% up to 1.5 r, 0.005 beyond) and is symmetric', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.integer({ min: 50, max: 5_000 }),
        (angle, dOverR, radiusM) => {
          const dM = dOverR * radiusM;
          const b = at(dM * Math.cos(angle), dM * Math.sin(angle));
          const share = catchmentOverlapShare(site, b, radiusM);
          const reference = lensShare(Math.hypot(b.eastingM - site.eastingM, b.northingM - site.northingM), radiusM);
          if (dOverR <= 1.5) expect(Math.abs(share - reference) / reference).toBeLessThan(0.01);
          else expect(Math.abs(share - reference)).toBeLessThan(0.005);
          expect(catchmentOverlapShare(b, site, radiusM)).toBeCloseTo(share, 6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a radius that is not positive', () => {
    expect(() => catchmentOverlapShare(site, site, 0)).toThrow(RangeError);
    expect(() => catchmentOverlapShare(site, site, Number.NaN)).toThrow(RangeError);
  });
});

const square = (x: number, y: number, sideM: number) => [
  [x, y],
  [x + sideM, y],
  [x + sideM, y + sideM],
  [x, y + sideM],
  [x, y],
];

describe('planarAreaM2', () => {
  it('measures a 100 m square as one hectare, whichever way round it is drawn', () => {
    const anticlockwise: Polygon = { type: 'Polygon', coordinates: [square(530_000, 180_000, 100)] };
    const clockwise: Polygon = { type: 'Polygon', coordinates: [square(530_000, 180_000, 100).reverse()] };
    expect(planarAreaM2(anticlockwise)).toBeCloseTo(10_000, 6);
    expect(planarAreaM2(clockwise)).toBeCloseTo(10_000, 6);
  });

  it('subtracts holes and adds the parts of a multipolygon', () => {
    const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 100), square(10, 10, 20)] };
    expect(planarAreaM2(withHole)).toBeCloseTo(9_600, 6);
    const twoParts: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 100)], [square(500, 0, 50)]] };
    expect(planarAreaM2(twoParts)).toBeCloseTo(12_500, 6);
  });

  it('measures a right triangle with legs 30 m and 40 m as 600 m²', () => {
    expect(
      planarAreaM2({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [40, 0],
            [0, 30],
            [0, 0],
          ],
        ],
      }),
    ).toBeCloseTo(600, 9);
  });
});

describe('geometryProblems', () => {
  it('finds nothing wrong with a simple square, one with a hole, a repeated vertex or a point', () => {
    expect(geometryProblems({ type: 'Polygon', coordinates: [square(0, 0, 10)] })).toEqual([]);
    expect(geometryProblems({ type: 'Polygon', coordinates: [square(0, 0, 10), square(2, 2, 2)] })).toEqual([]);
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, 0],
            [10, 0],
            [10, 10],
            [0, 10],
            [0, 0],
          ],
        ],
      }),
    ).toEqual([]);
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(20, 0, 10)]] })).toEqual(
      [],
    );
    expect(geometryProblems({ type: 'Point', coordinates: [530_000, 180_000] })).toEqual([]);
  });

  it('names an unclosed ring', () => {
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, 0],
            [10, 10],
            [0, 10],
          ],
        ],
      }),
    ).toEqual(['polygon ring 1 is not closed: its last position differs from its first']);
  });

  it('names a ring with fewer than four positions, or fewer than three distinct corners', () => {
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, 0],
            [0, 0],
          ],
        ],
      }),
    ).toEqual(['polygon ring 1 has 3 positions; a ring needs at least 4']);
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, 0],
            [10, 0],
            [0, 0],
          ],
        ],
      }),
    ).toEqual(['polygon ring 1 has fewer than 3 distinct corners']);
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, 0],
            [20, 0],
            [0, 0],
          ],
        ],
      }),
    ).toEqual(['polygon ring 1 encloses no area']);
  });

  it('names a bow-tie and a hole that crosses its outer ring', () => {
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, 10],
            [10, 0],
            [0, 10],
            [0, 0],
          ],
        ],
      }),
    ).toEqual(['polygon intersects itself at 1 point']);
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          square(0, 0, 40),
          [
            [10, 10],
            [50, 10],
            [50, 20],
            [10, 20],
            [10, 10],
          ],
        ],
      }),
    ).toEqual(['polygon intersects itself at 2 points']);
  });

  it('says which part of a multipolygon is wrong', () => {
    expect(
      geometryProblems({
        type: 'MultiPolygon',
        coordinates: [
          [square(0, 0, 10)],
          [
            [
              [0, 0],
              [1, 1],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
          ],
        ],
      }),
    ).toEqual(['polygon 2 intersects itself at 1 point']);
  });

  it('names empty, non-numeric and unsupported geometries', () => {
    expect(geometryProblems({ type: 'Polygon', coordinates: [] })).toEqual(['polygon has no rings']);
    expect(geometryProblems({ type: 'MultiPolygon', coordinates: [] })).toEqual(['multipolygon has no polygons']);
    expect(geometryProblems({ type: 'Point', coordinates: [Number.NaN, 180_000] })).toEqual([
      'point is not a pair of finite numbers',
    ]);
    expect(
      geometryProblems({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [10, Number.NaN],
            [10, 10],
            [0, 0],
          ],
        ],
      }),
    ).toEqual(['polygon ring 1 has a position that is not a pair of finite numbers']);
    expect(
      geometryProblems({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toEqual(['LineString is neither a site point nor a boundary polygon']);
  });
});
