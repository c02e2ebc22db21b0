import { catchmentOverlapShare } from '../../geo/area.js';
import { SiteIndex } from '../../geo/proximity.js';
import type { ConditionClass } from './assumptions/condition.js';
import type { SurplusAssumptions } from './assumptions/scoring.js';
import type { BngPoint } from './records.js';

/**
 * What a site's surroundings say about whether it is needed: the NHS sites within walking distance that could
 * take its services, the residents it serves and the nearest station. Built for the whole estate at once with
 * spatial indexes (O(n log n) plus what the queries return), never by comparing every pair of sites.
 */

export type SiteId = number | string;

/** The floor-use facts a register gives; any may be missing. */
export interface FloorUse {
  giaM2: number | null;
  occupancyPct: number | null;
  voidPct: number | null;
  emptyPct: number | null;
  underUsedPct: number | null;
}

export interface PlacedSite extends FloorUse {
  siteId: SiteId;
  point: BngPoint;
  conditionClass: ConditionClass;
  clinicalM2: number | null;
}

export interface PopulationArea {
  code: string;
  centroid: BngPoint;
  residents: number;
}

export type UnoccupiedBasis = 'empty + under-used' | 'void' | 'occupancy';

export interface NearbySite {
  siteId: SiteId;
  distanceM: number;
  /** Share of this site's walking catchment that the other site's catchment also covers, 0–1. */
  overlapShare: number;
  conditionClass: ConditionClass;
  /** Unoccupied floor area the other site could fill; null when its register does not say. */
  spareCapacityM2: number | null;
}

export interface NeedContext {
  radiusM: number;
  /** Residents of population areas whose centroid lies within radiusM. */
  residents: number;
  /** NHS clinical space of sites within radiusM (this one included) that report it. */
  clinicalM2: number;
  sitesWithoutClinicalM2: number;
}

export interface SurplusContext {
  walkingCatchmentRadiusM: number;
  /** Other sites within the walking catchment, nearest first. */
  nearbySites: NearbySite[];
  /** Null when no population areas are loaded. */
  need: NeedContext | null;
  /** Null when no stations are loaded. */
  nearestStationM: number | null;
}

const clampPct = (pct: number): number => Math.min(100, Math.max(0, pct));

/**
 * The share of floor area standing unoccupied, from whichever measure the source has: ERIC's empty plus
 * under-used, CHP's void, or NHSPS's occupancy. Null when none is given.
 */
export function unoccupiedPct(site: FloorUse): { pct: number; basis: UnoccupiedBasis } | null {
  if (site.emptyPct !== null || site.underUsedPct !== null) {
    return { pct: clampPct((site.emptyPct ?? 0) + (site.underUsedPct ?? 0)), basis: 'empty + under-used' };
  }
  if (site.voidPct !== null) return { pct: clampPct(site.voidPct), basis: 'void' };
  if (site.occupancyPct !== null) return { pct: clampPct(100 - site.occupancyPct), basis: 'occupancy' };
  return null;
}

/** Floor area another service could move into; null when the area or its use is unknown. */
export function spareCapacityM2(site: FloorUse): number | null {
  const unoccupied = unoccupiedPct(site);
  if (site.giaM2 === null || unoccupied === null) return null;
  return (site.giaM2 * unoccupied.pct) / 100;
}

/**
 * Floor area whose services would need a new home if the site went. With its use unknown the whole site is
 * counted: that makes rehousing look harder, never easier.
 */
export function occupiedM2(site: FloorUse): number | null {
  if (site.giaM2 === null) return null;
  const unoccupied = unoccupiedPct(site);
  return unoccupied === null ? site.giaM2 : (site.giaM2 * (100 - unoccupied.pct)) / 100;
}

interface Indexed<T> {
  eastingM: number;
  northingM: number;
  item: T;
}

const indexed = <T>(point: BngPoint, item: T): Indexed<T> => ({
  eastingM: point.eastingM,
  northingM: point.northingM,
  item,
});

/**
 * The estate's spatial indexes, built once, answering one site's surroundings at a time: the score step walks a
 * large estate site by site and writes as it goes, so it never needs every site's context at once. An empty or
 * null layer means "not loaded": the context says so (null) and the surplus component built on it contributes
 * nothing.
 */
export function prepareSurplusContexts(
  sites: readonly PlacedSite[],
  populationAreas: readonly PopulationArea[] | null,
  stations: readonly BngPoint[] | null,
  assumptions: Pick<SurplusAssumptions, 'walkingCatchmentRadiusM' | 'needCatchmentRadiusM' | 'nearbySitesConsidered'>,
): (site: PlacedSite) => SurplusContext {
  const walkingM = assumptions.walkingCatchmentRadiusM;
  const considered = assumptions.nearbySitesConsidered;
  const needM = assumptions.needCatchmentRadiusM;
  const ids = new Set<SiteId>();
  for (const site of sites) {
    if (ids.has(site.siteId)) throw new RangeError(`site ${String(site.siteId)} is given twice`);
    ids.add(site.siteId);
  }
  const siteIndex = SiteIndex.build(sites.map((s) => indexed(s.point, s)));
  const areaIndex =
    populationAreas && populationAreas.length > 0
      ? SiteIndex.build(populationAreas.map((a) => indexed(a.centroid, a)))
      : null;
  const stationIndex = stations && stations.length > 0 ? SiteIndex.build(stations.map((p) => indexed(p, p))) : null;

  return (site) => {
    const nearbySites = siteIndex
      .nearest(site.point, considered + 1, walkingM)
      .filter((hit) => hit.point.item.siteId !== site.siteId)
      .slice(0, considered)
      .map(({ point: { item: other }, distanceM }) => ({
        siteId: other.siteId,
        distanceM,
        overlapShare: catchmentOverlapShare(site.point, other.point, walkingM),
        conditionClass: other.conditionClass,
        spareCapacityM2: spareCapacityM2(other),
      }));

    let need: NeedContext | null = null;
    if (areaIndex) {
      const residents = areaIndex.within(site.point, needM).reduce((sum, hit) => sum + hit.point.item.residents, 0);
      const inReach = siteIndex.within(site.point, needM).map((hit) => hit.point.item);
      const clinicalM2 = inReach.reduce((sum, s) => sum + (s.clinicalM2 ?? 0), 0);
      need = {
        radiusM: needM,
        residents,
        clinicalM2,
        sitesWithoutClinicalM2: inReach.filter((s) => s.clinicalM2 === null).length,
      };
    }
    const nearestStationM = stationIndex ? (stationIndex.nearest(site.point, 1)[0]?.distanceM ?? null) : null;
    return { walkingCatchmentRadiusM: walkingM, nearbySites, need, nearestStationM };
  };
}

/** Each placed site's surroundings, keyed by siteId (see prepareSurplusContexts). */
export function buildSurplusContexts(
  sites: readonly PlacedSite[],
  populationAreas: readonly PopulationArea[] | null,
  stations: readonly BngPoint[] | null,
  assumptions: Pick<SurplusAssumptions, 'walkingCatchmentRadiusM' | 'needCatchmentRadiusM' | 'nearbySitesConsidered'>,
): Map<SiteId, SurplusContext> {
  const contextOf = prepareSurplusContexts(sites, populationAreas, stations, assumptions);
  return new Map(sites.map((site) => [site.siteId, contextOf(site)]));
}
