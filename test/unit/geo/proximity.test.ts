import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BngPoint } from '../../../geo/bng.js';
import { SiteIndex } from '../../../geo/proximity.js';
import { seededRandom } from '../../../src/domain/random.js';

interface Site extends BngPoint {
  id: number;
}

function bruteForce(sites: readonly Site[], p: BngPoint) {
  return sites
    .map((site, index) => ({
      site,
      index,
      distanceM: Math.hypot(site.eastingM - p.eastingM, site.northingM - p.northingM),
    }))
    .sort((a, b) => a.distanceM - b.distanceM || a.index - b.index);
}

const ids = (hits: Array<{ point: Site }>) => hits.map((h) => h.point.id);

/** Whole-metre coordinates in a 5 km square, so that exact ties and points on a radius's edge happen often. */
const coordinate = fc.record({
  eastingM: fc.integer({ min: 530_000, max: 535_000 }),
  northingM: fc.integer({ min: 180_000, max: 185_000 }),
});
const sitesArb = fc.array(coordinate, { maxLength: 300 }).map((ps) => ps.map((p, id): Site => ({ ...p, id })));
/** Sites on a 20 m grid of whole metres: nearly every query meets several sites tied at the same distance. */
const crowdedCoordinate = fc.record({
  eastingM: fc.integer({ min: 530_000, max: 530_020 }),
  northingM: fc.integer({ min: 180_000, max: 180_020 }),
});
const crowdedSitesArb = fc
  .array(crowdedCoordinate, { maxLength: 200 })
  .map((ps) => ps.map((p, id): Site => ({ ...p, id })));

describe('SiteIndex.within', () => {
  it('matches a brute-force scan on random points, nearest first, edge included', () => {
    fc.assert(
      fc.property(
        fc.oneof(sitesArb, crowdedSitesArb),
        fc.oneof(coordinate, crowdedCoordinate),
        fc.integer({ min: 0, max: 3_000 }),
        (sites, p, radiusM) => {
          const expected = bruteForce(sites, p).filter((h) => h.distanceM <= radiusM);
          const hits = SiteIndex.build(sites).within(p, radiusM);
          expect(ids(hits)).toEqual(expected.map((h) => h.site.id));
          expect(hits.map((h) => h.distanceM)).toEqual(expected.map((h) => h.distanceM));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts a site exactly on the radius and leaves out one a millimetre beyond', () => {
    const sites: Site[] = [
      { id: 0, eastingM: 530_300, northingM: 180_400 }, // 500 m away (3-4-5)
      { id: 1, eastingM: 530_500.001, northingM: 180_000 },
      { id: 2, eastingM: 530_000, northingM: 180_000 },
    ];
    const hits = SiteIndex.build(sites).within({ eastingM: 530_000, northingM: 180_000 }, 500);
    expect(hits).toEqual([
      { point: sites[2], distanceM: 0 },
      { point: sites[0], distanceM: 500 },
    ]);
  });

  it('finds nothing in an empty index or with a negative radius', () => {
    expect(SiteIndex.build<Site>([]).within({ eastingM: 530_000, northingM: 180_000 }, 1_000)).toEqual([]);
    expect(SiteIndex.build([{ id: 0, eastingM: 1, northingM: 1 }]).within({ eastingM: 1, northingM: 1 }, -1)).toEqual(
      [],
    );
  });

  it('refuses a point without coordinates rather than indexing it somewhere', () => {
    expect(() => SiteIndex.build([{ eastingM: Number.NaN, northingM: 180_000 }])).toThrow(RangeError);
  });
});

describe('SiteIndex.nearest', () => {
  it('matches a brute-force scan, ties broken by input order', () => {
    fc.assert(
      fc.property(
        fc.oneof(sitesArb, crowdedSitesArb),
        fc.oneof(coordinate, crowdedCoordinate),
        fc.integer({ min: 1, max: 20 }),
        fc.option(fc.integer({ min: 0, max: 3_000 }), { nil: undefined }),
        (sites, p, k, maxDistanceM) => {
          const expected = bruteForce(sites, p)
            .filter((h) => maxDistanceM === undefined || h.distanceM <= maxDistanceM)
            .slice(0, k);
          const hits = SiteIndex.build(sites).nearest(p, k, maxDistanceM);
          expect(ids(hits)).toEqual(expected.map((h) => h.site.id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('picks the earlier of two equidistant sites when only one fits', () => {
    const sites: Site[] = [
      { id: 0, eastingM: 530_100, northingM: 180_000 },
      { id: 1, eastingM: 529_900, northingM: 180_000 },
      { id: 2, eastingM: 530_000, northingM: 180_100 },
    ];
    const index = SiteIndex.build(sites);
    expect(ids(index.nearest({ eastingM: 530_000, northingM: 180_000 }, 1))).toEqual([0]);
    expect(ids(index.nearest({ eastingM: 530_000, northingM: 180_000 }, 2))).toEqual([0, 1]);
    expect(ids(index.nearest({ eastingM: 530_000, northingM: 180_000 }, 5, 99.999))).toEqual([]);
    expect(index.nearest({ eastingM: 530_000, northingM: 180_000 }, 0)).toEqual([]);
  });
});

describe('SiteIndex at estate scale', () => {
  it('builds over 100,000 sites and still answers exactly (complexity sanity, no timing asserted)', () => {
    const random = seededRandom(27_700);
    const sites: Site[] = Array.from({ length: 100_000 }, (_, id) => ({
      id,
      eastingM: 503_000 + random.next() * 60_000,
      northingM: 155_000 + random.next() * 50_000,
    }));
    const index = SiteIndex.build(sites);
    for (let q = 0; q < 5; q++) {
      const p = { eastingM: 510_000 + q * 10_000, northingM: 160_000 + q * 9_000 };
      const expected = bruteForce(sites, p);
      expect(ids(index.within(p, 800))).toEqual(expected.filter((h) => h.distanceM <= 800).map((h) => h.site.id));
      expect(ids(index.nearest(p, 10))).toEqual(expected.slice(0, 10).map((h) => h.site.id));
    }
  });
});
