import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSurplusContexts,
  prepareSurplusContexts,
  occupiedM2,
  spareCapacityM2,
  unoccupiedPct,
  type FloorUse,
  type PlacedSite,
} from '../../../src/domain/surplus-context.js';

const ASSUMPTIONS = { walkingCatchmentRadiusM: 800, needCatchmentRadiusM: 1600, nearbySitesConsidered: 12 };
const E0 = 530_000;
const N0 = 180_000;
const NO_USE: FloorUse = { giaM2: null, occupancyPct: null, voidPct: null, emptyPct: null, underUsedPct: null };

function site(siteId: string, dxM: number, over: Partial<PlacedSite> = {}): PlacedSite {
  return {
    ...NO_USE,
    siteId,
    point: { eastingM: E0 + dxM, northingM: N0 },
    conditionClass: 'maintain',
    clinicalM2: null,
    ...over,
  };
}

/** Share of one circle covered by another of the same radius, centres d apart (the lens formula). */
function lensShare(d: number, r: number): number {
  return (2 * r * r * Math.acos(d / (2 * r)) - (d / 2) * Math.sqrt(4 * r * r - d * d)) / (Math.PI * r * r);
}

describe('floor use', () => {
  it("prefers ERIC's empty + under-used, then CHP's void, then NHSPS's occupancy", () => {
    expect(unoccupiedPct({ ...NO_USE, emptyPct: 3, underUsedPct: 4, voidPct: 50, occupancyPct: 10 })).toEqual({
      pct: 7,
      basis: 'empty + under-used',
    });
    expect(unoccupiedPct({ ...NO_USE, voidPct: 12, occupancyPct: 10 })).toEqual({ pct: 12, basis: 'void' });
    expect(unoccupiedPct({ ...NO_USE, occupancyPct: 85 })).toEqual({ pct: 15, basis: 'occupancy' });
    expect(unoccupiedPct(NO_USE)).toBeNull();
  });

  it('gives spare room only when area and use are both known, and counts the whole site as used when use is unknown', () => {
    expect(spareCapacityM2({ ...NO_USE, giaM2: 2000, occupancyPct: 90 })).toBeCloseTo(200, 9);
    expect(spareCapacityM2({ ...NO_USE, giaM2: 2000 })).toBeNull();
    expect(occupiedM2({ ...NO_USE, giaM2: 2000, occupancyPct: 90 })).toBeCloseTo(1800, 9);
    expect(occupiedM2({ ...NO_USE, giaM2: 2000 })).toBe(2000);
    expect(occupiedM2(NO_USE)).toBeNull();
  });
});

describe('buildSurplusContexts', () => {
  const sites = [
    site('a', 0, { clinicalM2: 1000 }),
    site('b', 300, { conditionClass: 'rebuild', giaM2: 1000, occupancyPct: 40, clinicalM2: 500 }),
    site('c', 800, { clinicalM2: 250 }),
    site('d', 1601, { clinicalM2: 9999 }),
  ];

  it('lists the other sites within the walking catchment, edge included, nearest first, with overlap and spare room', () => {
    const a = buildSurplusContexts(sites, null, null, ASSUMPTIONS).get('a');
    expect(a?.nearbySites.map((n) => [n.siteId, n.distanceM, n.conditionClass, n.spareCapacityM2])).toEqual([
      ['b', 300, 'rebuild', 600],
      ['c', 800, 'maintain', null],
    ]);
    expect(a?.nearbySites[0]?.overlapShare).toBeCloseTo(lensShare(300, 800), 2);
    expect(a?.nearbySites[1]?.overlapShare).toBeCloseTo(lensShare(800, 800), 2);
    expect(a?.walkingCatchmentRadiusM).toBe(800);
  });

  it('says "not loaded" (null) for missing or empty layers rather than zero', () => {
    for (const [areas, stations] of [
      [null, null],
      [[], []],
    ] as const) {
      const a = buildSurplusContexts(sites, areas, stations, ASSUMPTIONS).get('a');
      expect(a?.need).toBeNull();
      expect(a?.nearestStationM).toBeNull();
    }
  });

  it('counts residents of areas whose centroid is within the need radius, and clinical space of sites there', () => {
    const areas = [
      { code: 'in-1', centroid: { eastingM: E0, northingM: N0 + 1600 }, residents: 7000 },
      { code: 'in-2', centroid: { eastingM: E0 - 100, northingM: N0 }, residents: 5000 },
      { code: 'out', centroid: { eastingM: E0, northingM: N0 - 1601 }, residents: 9000 },
    ];
    const a = buildSurplusContexts([...sites, site('e', -1000)], areas, null, ASSUMPTIONS).get('a');
    expect(a?.need).toEqual({ radiusM: 1600, residents: 12_000, clinicalM2: 1750, sitesWithoutClinicalM2: 1 });
  });

  it('finds the nearest station however far', () => {
    const stations = [
      { eastingM: E0 + 5000, northingM: N0 },
      { eastingM: E0, northingM: N0 - 3000 },
    ];
    expect(buildSurplusContexts(sites, null, stations, ASSUMPTIONS).get('a')?.nearestStationM).toBe(3000);
  });

  it('refuses a site given twice', () => {
    expect(() => buildSurplusContexts([site('a', 0), site('a', 10)], null, null, ASSUMPTIONS)).toThrow(/given twice/);
  });

  it('finds exactly the neighbours a comparison of every pair would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 40 }),
        (offsets) => {
          const estate = offsets.map(([dx, dy], i) =>
            site(`s${i}`, 0, { point: { eastingM: E0 + dx, northingM: N0 + dy } }),
          );
          const contexts = buildSurplusContexts(estate, null, null, ASSUMPTIONS);
          for (const s of estate) {
            const distance = (o: (typeof estate)[number]): number =>
              Math.hypot(o.point.eastingM - s.point.eastingM, o.point.northingM - s.point.northingM);
            const within = estate.filter((o) => o !== s && distance(o) <= 800);
            const chosen = contexts.get(s.siteId)?.nearbySites ?? [];
            // all of them when there are few; otherwise the 12 nearest (ties may fall either way)
            expect(chosen.length).toBe(Math.min(12, within.length));
            if (within.length <= 12)
              expect(chosen.map((n) => n.siteId).sort()).toEqual(within.map((o) => o.siteId).sort());
            const farthestChosen = Math.max(0, ...chosen.map((n) => n.distanceM));
            for (const o of within)
              if (!chosen.some((n) => n.siteId === o.siteId))
                expect(distance(o)).toBeGreaterThanOrEqual(farthestChosen);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('prepareSurplusContexts', () => {
  const sites = [
    site('a', 0, { clinicalM2: 1000 }),
    site('b', 300, { conditionClass: 'rebuild', giaM2: 1000, occupancyPct: 40, clinicalM2: 500 }),
    site('c', 800, { clinicalM2: 250 }),
    site('d', 1601, { clinicalM2: 9999 }),
  ];
  const areas = [{ code: 'E1', centroid: { eastingM: E0 + 100, northingM: N0 }, residents: 700 }];
  const stations = [{ eastingM: E0 + 2500, northingM: N0 }];

  it('answers each site as the whole-estate map does, in any order asked', () => {
    const contextOf = prepareSurplusContexts(sites, areas, stations, ASSUMPTIONS);
    const all = buildSurplusContexts(sites, areas, stations, ASSUMPTIONS);
    for (const s of [...sites].reverse()) expect(contextOf(s)).toEqual(all.get(s.siteId));
    expect(contextOf(sites[0]!).nearbySites.map((n) => n.siteId)).toEqual(['b', 'c']);
  });

  it('leaves a site out of its own neighbours even when asked with a copy of it', () => {
    const contextOf = prepareSurplusContexts(sites, null, null, ASSUMPTIONS);
    expect(contextOf({ ...sites[1]! }).nearbySites.map((n) => n.siteId)).toEqual(['a', 'c']);
  });

  it('refuses a site given twice when the indexes are built', () => {
    expect(() => prepareSurplusContexts([site('a', 0), site('a', 10)], null, null, ASSUMPTIONS)).toThrow(/given twice/);
  });
});
