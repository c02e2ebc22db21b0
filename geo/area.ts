import { kinks, polygon as turfPolygon } from '@turf/turf';
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { BngPoint } from './bng.js';

/** Signed shoelace area of a ring of planar positions: positive when anticlockwise. */
function signedRingAreaM2(ring: Position[]): number {
  let twiceArea = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0 = 0, y0 = 0] = ring[i] as Position;
    const [x1 = 0, y1 = 0] = ring[i + 1] as Position;
    twiceArea += x0 * y1 - x1 * y0;
  }
  return twiceArea / 2;
}

function polygonAreaM2(rings: Position[][]): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return holes.reduce((area, hole) => area - Math.abs(signedRingAreaM2(hole)), Math.abs(signedRingAreaM2(outer)));
}

/**
 * Area in square metres of a polygon in British National Grid coordinates, holes subtracted. Grid area, not
 * ground area: across London they differ by under 0.1%. turf.area would treat the metres as degrees.
 */
export function planarAreaM2(g: Polygon | MultiPolygon): number {
  return g.type === 'Polygon'
    ? polygonAreaM2(g.coordinates)
    : g.coordinates.reduce((area, rings) => area + polygonAreaM2(rings), 0);
}

/**
 * The share (0–1) of site a's circular catchment that site b's catchment of the same radius also covers: how
 * far b could take a's patients. The lens of two equal circles has a closed form, so no polygon clipping:
 * scoring asks this for every pair of sites within walking distance, and a turf intersection per pair
 * (milliseconds each) made a dense estate of 100,000 sites take hours to score.
 */
export function catchmentOverlapShare(a: BngPoint, b: BngPoint, radiusM: number): number {
  const dx = b.eastingM - a.eastingM;
  const dy = b.northingM - a.northingM;
  if (!Number.isFinite(dx) || !Number.isFinite(dy) || !Number.isFinite(radiusM) || radiusM <= 0) {
    throw new RangeError(`catchment overlap needs finite points and a positive radius, got radius ${radiusM}`);
  }
  const distanceM = Math.hypot(dx, dy);
  if (distanceM === 0) return 1;
  if (distanceM >= 2 * radiusM) return 0;
  const half = distanceM / (2 * radiusM);
  // Lens area over circle area: (2 r² acos(d/2r) − (d/2)√(4r² − d²)) / (π r²), with d/2r = half.
  const share = (2 * Math.acos(half) - 2 * half * Math.sqrt(1 - half * half)) / Math.PI;
  return Math.min(1, Math.max(0, share));
}

function samePosition(p: Position | undefined, q: Position | undefined): boolean {
  return p !== undefined && q !== undefined && p[0] === q[0] && p[1] === q[1];
}

/** A vertex given twice in a row is valid (PostGIS agrees) but turf.kinks counts it as a crossing. */
function withoutRepeats(ring: Position[]): Position[] {
  return ring.filter((p, i) => i === 0 || !samePosition(p, ring[i - 1]));
}

function ringProblems(ring: Position[], where: string): string[] {
  if (!ring.every((p) => p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]))) {
    return [`${where} has a position that is not a pair of finite numbers`];
  }
  const problems: string[] = [];
  if (ring.length < 4) problems.push(`${where} has ${ring.length} positions; a ring needs at least 4`);
  if (!samePosition(ring[0], ring[ring.length - 1]))
    problems.push(`${where} is not closed: its last position differs from its first`);
  if (problems.length > 0) return problems;
  if (withoutRepeats(ring).length < 4) problems.push(`${where} has fewer than 3 distinct corners`);
  return problems;
}

function polygonProblems(rings: Position[][], label: string): string[] {
  if (rings.length === 0) return [`${label} has no rings`];
  const problems = rings.flatMap((ring, r) => ringProblems(ring, `${label} ring ${r + 1}`));
  // kinks assumes well-formed closed rings; on broken ones it would only repeat the problems found above.
  if (problems.length > 0) return problems;
  const crossings = kinks(turfPolygon(rings.map(withoutRepeats))).features.length;
  if (crossings > 0) return [`${label} intersects itself at ${crossings} point${crossings === 1 ? '' : 's'}`];
  // Only once no ring crosses itself: a bow-tie's two lobes cancel to zero signed area too.
  return rings.flatMap((ring, r) => (signedRingAreaM2(ring) === 0 ? [`${label} ring ${r + 1} encloses no area`] : []));
}

/**
 * Why a site point or boundary cannot be stored, as plain messages (empty when it can). Ingest adapters turn
 * each into an invalid_geometry rejection, so a bad row is reported against its row number rather than failing
 * a whole insert (PostGIS refuses an unclosed ring) or storing a bow-tie whose area means nothing.
 */
export function geometryProblems(g: Geometry): string[] {
  switch (g.type) {
    case 'Point':
      return g.coordinates.length >= 2 && Number.isFinite(g.coordinates[0]) && Number.isFinite(g.coordinates[1])
        ? []
        : ['point is not a pair of finite numbers'];
    case 'Polygon':
      return polygonProblems(g.coordinates, 'polygon');
    case 'MultiPolygon':
      return g.coordinates.length === 0
        ? ['multipolygon has no polygons']
        : g.coordinates.flatMap((rings, i) => polygonProblems(rings, `polygon ${i + 1}`));
    default:
      return [`${g.type} is neither a site point nor a boundary polygon`];
  }
}
