import Flatbush from 'flatbush';
import type { BngPoint } from './bng.js';

export interface SiteNearby<T> {
  point: T;
  /** Straight-line distance on the grid, in metres. */
  distanceM: number;
}

/**
 * Points on the British National Grid indexed for radius and nearest-k queries: a packed Hilbert R-tree
 * (flatbush), so building is O(n log n) and a query costs about log n plus what it returns. Distances are
 * planar grid metres; across London the grid's scale error is under 0.04%, far below any catchment's precision.
 * Results come nearest first, ties broken by input order, so the same points always give the same answer.
 */
export class SiteIndex<T extends { eastingM: number; northingM: number }> {
  private constructor(
    private readonly points: readonly T[],
    private readonly tree: Flatbush | null,
  ) {}

  static build<T extends { eastingM: number; northingM: number }>(points: readonly T[]): SiteIndex<T> {
    points.forEach((p, i) => {
      if (!Number.isFinite(p.eastingM) || !Number.isFinite(p.northingM)) {
        throw new RangeError(`point ${i} has no finite grid coordinates (${p.eastingM}, ${p.northingM})`);
      }
    });
    // Flatbush refuses an empty index; an estate with no sites simply has no neighbours.
    if (points.length === 0) return new SiteIndex(points, null);
    const tree = new Flatbush(points.length);
    for (const p of points) tree.add(p.eastingM, p.northingM, p.eastingM, p.northingM);
    tree.finish();
    return new SiteIndex(points, tree);
  }

  /** Every point within radiusM of p (the edge included), nearest first. */
  within(p: BngPoint, radiusM: number): Array<SiteNearby<T>> {
    if (!this.tree || !(radiusM >= 0)) return [];
    return this.collect(p, this.tree.neighbors(p.eastingM, p.northingM, Infinity, loosen(radiusM)), radiusM);
  }

  /** The k points nearest p, optionally no further than maxDistanceM, nearest first. */
  nearest(p: BngPoint, k: number, maxDistanceM = Infinity): Array<SiteNearby<T>> {
    if (!this.tree || !(k >= 1) || !(maxDistanceM >= 0)) return [];
    const count = Math.floor(k);
    const firstK = this.tree.neighbors(p.eastingM, p.northingM, count, loosen(maxDistanceM));
    const kth = firstK[firstK.length - 1];
    if (firstK.length < count || kth === undefined) return this.collect(p, firstK, maxDistanceM);
    // The tree picks among points tied at the k-th distance arbitrarily; fetch all of them so the order rule decides.
    const kthDistanceM = this.distanceM(p, kth);
    const tied = this.tree.neighbors(p.eastingM, p.northingM, Infinity, loosen(kthDistanceM));
    return this.collect(p, tied, kthDistanceM).slice(0, count);
  }

  private distanceM(p: BngPoint, index: number): number {
    const q = this.points[index] as T;
    return Math.hypot(q.eastingM - p.eastingM, q.northingM - p.northingM);
  }

  private collect(p: BngPoint, indices: number[], maxDistanceM: number): Array<SiteNearby<T>> {
    return indices
      .map((index) => ({ index, distanceM: this.distanceM(p, index) }))
      .filter((hit) => hit.distanceM <= maxDistanceM)
      .sort((a, b) => a.distanceM - b.distanceM || a.index - b.index)
      .map(({ index, distanceM }) => ({ point: this.points[index] as T, distanceM }));
  }
}

/**
 * Flatbush compares squared distances it computes itself; widen its cut-off by a hair so a point exactly on the
 * edge is never lost to rounding, then apply the exact test on our own distances.
 */
function loosen(distanceM: number): number {
  return distanceM * (1 + 1e-9) + 1e-6;
}
