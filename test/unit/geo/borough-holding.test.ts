import { describe, expect, it } from 'vitest';
import { BoroughLocator } from '../../../geo/borough-locator.js';

// Two squares sharing the edge x = 100; the first has a square hole.
const locator = BoroughLocator.fromGrid([
  {
    gssCode: 'E09000002',
    multiPolygon: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [0, 0],
            [100, 0],
            [100, 100],
            [0, 100],
            [0, 0],
          ],
          [
            [40, 40],
            [60, 40],
            [60, 60],
            [40, 60],
            [40, 40],
          ],
        ],
      ],
    },
  },
  {
    gssCode: 'E09000001',
    multiPolygon: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [100, 0],
            [200, 0],
            [200, 100],
            [100, 100],
            [100, 0],
          ],
        ],
      ],
    },
  },
]);
const at = (eastingM: number, northingM: number) => locator.holding({ eastingM, northingM });

describe('BoroughLocator.holding', () => {
  it('finds the borough whose interior holds a point', () => {
    expect(at(10, 10)).toEqual({ inside: ['E09000002'], onBoundary: false });
    expect(at(150, 50)).toEqual({ inside: ['E09000001'], onBoundary: false });
  });
  it('finds none outside every borough and inside a hole', () => {
    expect(at(-5, 50)).toEqual({ inside: [], onBoundary: false });
    expect(at(50, 50)).toEqual({ inside: [], onBoundary: false });
  });
  it('says a point on, or within a micrometre of, a boundary line or vertex is on the boundary', () => {
    expect(at(100, 50)).toEqual({ inside: [], onBoundary: true });
    expect(at(100 - 1e-7, 50).onBoundary).toBe(true);
    expect(at(100, 100).onBoundary).toBe(true);
    expect(at(40, 50).onBoundary).toBe(true);
    expect(at(100 - 1e-5, 50)).toEqual({ inside: ['E09000002'], onBoundary: false });
  });
  it('lists overlapping boroughs lowest code first', () => {
    const overlapping = BoroughLocator.fromGrid([
      {
        gssCode: 'E09000009',
        multiPolygon: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [0, 0],
                [10, 0],
                [10, 10],
                [0, 10],
                [0, 0],
              ],
            ],
          ],
        },
      },
      {
        gssCode: 'E09000003',
        multiPolygon: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [5, 5],
                [15, 5],
                [15, 15],
                [5, 15],
                [5, 5],
              ],
            ],
          ],
        },
      },
    ]);
    expect(overlapping.holding({ eastingM: 7, northingM: 7 })).toEqual({
      inside: ['E09000003', 'E09000009'],
      onBoundary: false,
    });
  });
});
