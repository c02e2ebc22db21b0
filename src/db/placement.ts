import { sql } from 'kysely';
import type { MultiPolygon } from 'geojson';
import { BoroughLocator } from '../../geo/borough-locator.js';
import type { BoroughHit } from '../domain/placement.js';
import type { BngPoint } from '../domain/records.js';
import type { Executor } from './connect.js';

/** Simplified boundaries leave slivers between boroughs; a point this close to one is in it. */
const BOROUGH_TOLERANCE_M = 100;

export interface BoroughAt extends BoroughHit {
  subRegion: string;
}

/**
 * The borough of each point, by PostGIS point-in-polygon on the GiST index, in one query. A point in no borough
 * but within Greater London's full extent (the Thames, docks: migration 0420) is in the nearest one, flagged.
 */
export async function boroughsAt(db: Executor, points: BngPoint[]): Promise<Array<BoroughAt | null>> {
  if (points.length === 0) return [];
  const result = await sql<{
    i: number;
    gss_code: string | null;
    sub_region: string | null;
    nearest: boolean;
    in_water: boolean;
  }>`
    SELECT p.i::int AS i, hit.gss_code, hit.sub_region, hit.nearest, hit.in_water
    FROM unnest(${points.map((p) => p.eastingM)}::float8[], ${points.map((p) => p.northingM)}::float8[]) WITH ORDINALITY AS p(e, n, i)
    CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(p.e, p.n), 27700) AS at) pt
    CROSS JOIN LATERAL (
      SELECT EXISTS (SELECT 1 FROM london_extent x WHERE ST_Intersects(x.geom, pt.at)) AS in_london
    ) extent
    LEFT JOIN LATERAL (
      SELECT b.gss_code, b.sub_region, NOT ST_Contains(b.geom, pt.at) AS nearest,
             NOT ST_DWithin(b.geom, pt.at, ${BOROUGH_TOLERANCE_M}) AS in_water
      FROM boroughs b
      WHERE extent.in_london OR ST_DWithin(b.geom, pt.at, ${BOROUGH_TOLERANCE_M})
      ORDER BY b.geom <-> pt.at, b.gss_code
      LIMIT 1
    ) hit ON true
  `.execute(db);
  const hits: Array<BoroughAt | null> = points.map(() => null);
  for (const row of result.rows) {
    if (row.gss_code && row.sub_region)
      hits[row.i - 1] = {
        gssCode: row.gss_code,
        subRegion: row.sub_region,
        nearestWithinTolerance: row.nearest && !row.in_water,
        placedInWater: row.in_water,
      };
  }
  return hits;
}

/** The borough boundaries as PostGIS holds them, indexed in memory once per ingest job. */
export interface BoroughGrid {
  locator: BoroughLocator;
  subRegions: ReadonlyMap<string, string>;
}

export async function loadBoroughGrid(db: Executor): Promise<BoroughGrid> {
  const result = await sql<{ gss_code: string; sub_region: string; geometry: string }>`
    SELECT gss_code, sub_region, ST_AsGeoJSON(geom, 17) AS geometry FROM boroughs ORDER BY gss_code
  `.execute(db);
  return {
    locator: BoroughLocator.fromGrid(
      result.rows.map((r) => ({ gssCode: r.gss_code, multiPolygon: JSON.parse(r.geometry) as MultiPolygon })),
    ),
    subRegions: new Map(result.rows.map((r) => [r.gss_code, r.sub_region])),
  };
}

/**
 * The same answers as boroughsAt, found in memory for every point inside a borough (PostGIS's
 * point-in-polygon cost 0.2–0.4 s a 5,000-row batch, a fifth of ingest); points on or beyond a
 * boundary, the few that need the tolerance rule, still go to PostGIS.
 */
export async function boroughsAtUsing(
  db: Executor,
  grid: BoroughGrid,
  points: BngPoint[],
): Promise<Array<BoroughAt | null>> {
  const hits: Array<BoroughAt | null> = points.map(() => null);
  const undecided: number[] = [];
  points.forEach((point, i) => {
    const holding = grid.locator.holding(point);
    // Lowest code first, as boroughsAt breaks a tie between overlapping simplified boundaries;
    // a point on any boundary line takes boroughsAt's own tie rule.
    const gssCode = holding.onBoundary ? undefined : holding.inside[0];
    const subRegion = gssCode === undefined ? undefined : grid.subRegions.get(gssCode);
    if (gssCode !== undefined && subRegion !== undefined)
      hits[i] = { gssCode, subRegion, nearestWithinTolerance: false, placedInWater: false };
    else undecided.push(i);
  });
  const decided = await boroughsAt(
    db,
    undecided.map((i) => points[i] as BngPoint),
  );
  undecided.forEach((i, k) => {
    hits[i] = decided[k] ?? null;
  });
  return hits;
}

export interface PostcodeHit {
  point: BngPoint;
  localAuthorityCode: string | null;
}

export async function lookupPostcodes(db: Executor, postcodeKeys: string[]): Promise<Map<string, PostcodeHit>> {
  const unique = [...new Set(postcodeKeys)];
  if (unique.length === 0) return new Map();
  const result = await sql<{ postcode_key: string; e: number; n: number; la: string | null }>`
    SELECT postcode_key, ST_X(geom) AS e, ST_Y(geom) AS n, local_authority_code AS la
    FROM postcodes WHERE postcode_key = ANY(${unique}::text[])
  `.execute(db);
  return new Map(
    result.rows.map((r) => [r.postcode_key, { point: { eastingM: r.e, northingM: r.n }, localAuthorityCode: r.la }]),
  );
}

/** ODS code → postcode (null when the ODS record has none). Codes absent from the map are unknown to ODS. */
export async function lookupOdsPostcodes(db: Executor, odsCodes: string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(odsCodes)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('ods_organisations')
    .select(['ods_code', 'postcode'])
    .where('ods_code', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.ods_code, r.postcode]));
}

/**
 * Which of these postcode districts hold a London postcode in the loaded directory; null when the directory
 * holds no London postcode at all (nothing loaded yet, or another region's), so no district can be judged.
 */
export async function londonPostcodeDistricts(db: Executor, districts: string[]): Promise<Set<string> | null> {
  const unique = [...new Set(districts)];
  if (unique.length === 0) return new Set();
  // A key is its district and a three-character inward code, so `district___` matches that district only; the
  // range (keys are upper-case letters and digits) lets the primary key's index find the district's keys.
  const result = await sql<{ district: string | null; any_london: boolean }>`
    SELECT d.district, true AS any_london
    FROM unnest(${unique}::text[]) AS d(district)
    WHERE EXISTS (
      SELECT 1 FROM postcodes p
      WHERE p.postcode_key >= d.district AND p.postcode_key < d.district || 'ZZZZ'
        AND p.postcode_key LIKE d.district || '___' AND p.local_authority_code LIKE 'E09%'
    )
    UNION ALL
    SELECT NULL, EXISTS (SELECT 1 FROM postcodes WHERE local_authority_code LIKE 'E09%')
  `.execute(db);
  if (!result.rows.some((r) => r.district === null && r.any_london)) return null;
  return new Set(result.rows.flatMap((r) => (r.district ? [r.district] : [])));
}
