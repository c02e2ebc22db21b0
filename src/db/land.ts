import { sql, type RawBuilder } from 'kysely';
import { parseDecimal, type Executor } from './connect.js';
import type { SiteIdentity } from './site-shapes.js';
import { LAND_STAGES, type LandStatus } from '../domain/land-status.js';

export { LAND_STAGES, type LandStatus } from '../domain/land-status.js';

/** The land status of a site from its latest case, aliased `c` (stage, closed_at); NULL when neither. */
export function landStatusSql(): RawBuilder<LandStatus | null> {
  return sql<LandStatus | null>`CASE
    WHEN c.stage = ANY(${[...LAND_STAGES.released]}::text[]) THEN 'released'
    WHEN c.closed_at IS NULL AND c.stage = ANY(${[...LAND_STAGES.pipeline]}::text[]) THEN 'pipeline'
  END`;
}

/** The release date of a site from its latest case, aliased `c` (stage, closed_at): the sale's completion. */
export function releasedOnSql(): RawBuilder<string | null> {
  return sql<string | null>`CASE WHEN c.stage = ANY(${[...LAND_STAGES.released]}::text[]) THEN c.closed_at::date END`;
}

/** EPSG codes the land queries read and write: WGS84 lon/lat and British National Grid. */
export type LandSrid = 4326 | 27700;

export interface LandFilter {
  status?: LandStatus;
  borough?: string;
  minHomes?: number;
  minHa?: number;
  /** Sites within `withinM` metres of a WGS84 point, measured in BNG on the GiST index. */
  near?: { lon: number; lat: number; withinM: number };
  /** An envelope in `srid`: minX, minY, maxX, maxY (lon/lat for 4326, easting/northing for 27700). */
  bbox?: { minX: number; minY: number; maxX: number; maxY: number; srid: LandSrid };
  siteId?: number;
  /**
   * A CQL2 filter (landCql2 in land-queryables.ts): its condition, bound values only, and its
   * canonical text, which is what a cache key made by JSON.stringify of the filter sees (an SQL
   * fragment stringifies as {}).
   */
  cql2?: { key: string; where: RawBuilder<boolean> };
  /** `sortby` (landSort in land-queryables.ts): columns in order, then site id; the key is its text, for caches. */
  sort?: { key: string; columns: Array<{ column: RawBuilder<unknown>; descending: boolean }> };
  /** The CRS of the returned geometry; WGS84 unless asked. */
  outputSrid?: LandSrid;
  limit: number;
  offset: number;
}

export interface LandSite extends SiteIdentity {
  status: LandStatus;
  stage: string;
  caseId: number;
  caseOpenedOn: string;
  /** The area the register states. */
  siteAreaHa: number | null;
  /** The area measured from the site's outline (EPSG:27700), when an outline is known. */
  outlineAreaHa: number | null;
  /** Housing capacity from the site's latest valuation; no valuation figure is ever returned here. */
  homes: number | null;
  /** A point on the site: inside its outline when one is known (point on surface), else the site's point. */
  lon: number;
  lat: number;
  /** GeoJSON geometry in outputSrid: the outline where one is known, the point otherwise. */
  geometry: { type: string; coordinates: unknown };
  /** The date the sale completed (released land); null in the pipeline. */
  releasedOn: string | null;
  updatedOn: string;
}

/**
 * What land answers are read from, as one string that changes whenever an answer can: the cases
 * (their own counter, moved on by a trigger in the same transaction as any write to them), the
 * estate version (bumped with every change to a site's record) and the latest value run (homes
 * come from valuations, written only with a run). Each part is a committed counter that only
 * grows, read in one snapshot, so an answer computed after reading it is never older than it.
 * Borough names are not data: they come from the fixed list in geo/boroughs.ts.
 */
export async function landVersion(db: Executor): Promise<string> {
  const result = await sql<{ cases: string; estate: number; value_run: number | null }>`
    SELECT (SELECT version FROM cases_version) AS cases,
           (SELECT version FROM estate_state) AS estate,
           (SELECT max(id) FROM value_runs) AS value_run
  `.execute(db);
  const row = result.rows[0];
  return `${row?.cases}.${row?.estate}.${row?.value_run}`;
}

/**
 * Released and pipeline land. Every filter is a bound parameter; the spatial ones run on the
 * sites GiST index in EPSG:27700 (the near point and the bbox are transformed, never the column).
 */
export async function landSites(db: Executor, filter: LandFilter): Promise<{ total: number; sites: LandSite[] }> {
  const outputSrid = filter.outputSrid ?? 4326;
  const conditions = [
    ...(filter.siteId !== undefined ? [sql`s.id = ${filter.siteId}`] : []),
    ...(filter.borough ? [sql`(s.borough_gss = ${filter.borough} OR lower(b.name) = lower(${filter.borough}))`] : []),
    ...(filter.minHa !== undefined ? [sql`s.site_area_ha >= ${filter.minHa}`] : []),
    ...(filter.near
      ? [
          sql`ST_DWithin(s.geom, ST_Transform(ST_SetSRID(ST_MakePoint(${filter.near.lon}::float8, ${filter.near.lat}::float8), 4326), 27700), ${filter.near.withinM}::float8)`,
        ]
      : []),
    ...(filter.bbox ? [bboxSql(filter.bbox)] : []),
    ...(filter.cql2 ? [filter.cql2.where] : []),
  ];
  const siteWhere = conditions.length > 0 ? sql.join(conditions, sql` AND `) : sql`true`;
  const landWhere = sql.join(
    [
      sql`status IS NOT NULL`,
      ...(filter.status ? [sql`status = ${filter.status}`] : []),
      ...(filter.minHomes !== undefined ? [sql`homes >= ${filter.minHomes}`] : []),
    ],
    sql` AND `,
  );
  const shape = sql`COALESCE(s.boundary, s.geom)`;
  const geometry =
    outputSrid === 4326 ? sql`ST_AsGeoJSON(ST_Transform(${shape}, 4326), 6)` : sql`ST_AsGeoJSON(${shape}, 2, 0)`;
  const point = sql`ST_Transform(CASE WHEN s.boundary IS NULL THEN s.geom ELSE ST_PointOnSurface(s.boundary) END, 4326)`;
  // Sort keys are computed beside the columns they sort (the queryables name inner aliases), then
  // ordered outside with the site id last, so a page boundary never splits ties differently.
  const sortColumns = filter.sort?.columns ?? [];
  const sortSelect =
    sortColumns.length === 0
      ? sql``
      : sql`, ${sql.join(sortColumns.map((k, i) => sql`${k.column} AS ${sql.ref(`sort_${i}`)}`))}`;
  const orderBy = sql.join(
    [
      ...sortColumns.map((k, i) =>
        k.descending ? sql`${sql.ref(`sort_${i}`)} DESC NULLS LAST` : sql`${sql.ref(`sort_${i}`)} ASC NULLS LAST`,
      ),
      sql`id`,
    ],
    sql`, `,
  );
  const result = await sql<{
    id: number;
    source: string;
    source_ref: string;
    name: string | null;
    address: string | null;
    postcode: string | null;
    borough_gss: string | null;
    borough_name: string | null;
    sub_region: string | null;
    status: LandStatus;
    stage: string;
    case_id: number;
    case_opened_on: string;
    site_area_ha: string | null;
    outline_area_ha: string | null;
    homes: number | null;
    lon: number;
    lat: number;
    geometry: string;
    released_on: string | null;
    updated_on: string;
    total: string;
  }>`
    SELECT *, count(*) OVER () AS total FROM (
      SELECT s.id, s.source, s.source_ref, s.name, s.address, s.postcode, s.borough_gss, b.name AS borough_name, s.sub_region,
             ${landStatusSql()} AS status, c.stage, c.id AS case_id, to_char(c.opened_at, 'YYYY-MM-DD') AS case_opened_on,
             s.site_area_ha, s.outline_area_ha, v.homes,
             ST_X(${point}) AS lon, ST_Y(${point}) AS lat,
             ${geometry} AS geometry, to_char(${releasedOnSql()}, 'YYYY-MM-DD') AS released_on,
             to_char(s.updated_at, 'YYYY-MM-DD') AS updated_on${sortSelect}
      FROM sites s
      JOIN LATERAL (SELECT id, stage, closed_at, opened_at FROM cases WHERE site_id = s.id ORDER BY opened_at DESC, id DESC LIMIT 1) c ON true
      LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
      LEFT JOIN site_capacity v ON v.site_id = s.id -- homes without the valuation (migration 0510)
      WHERE ${siteWhere}
    ) land
    WHERE ${landWhere}
    ORDER BY ${orderBy}
    LIMIT ${filter.limit} OFFSET ${filter.offset}
  `.execute(db);
  let total = Number(result.rows[0]?.total ?? 0);
  if (result.rows.length === 0 && filter.offset > 0) total = await countLand(db, filter);
  return {
    total,
    sites: result.rows.map((r) => ({
      siteId: r.id,
      source: r.source,
      sourceRef: r.source_ref,
      name: r.name,
      address: r.address,
      postcode: r.postcode,
      borough: r.borough_gss,
      boroughName: r.borough_name,
      subRegion: r.sub_region,
      status: r.status,
      stage: r.stage,
      caseId: r.case_id,
      caseOpenedOn: r.case_opened_on,
      siteAreaHa: parseDecimal(r.site_area_ha),
      outlineAreaHa: parseDecimal(r.outline_area_ha),
      homes: r.homes,
      lon: Number(r.lon.toFixed(6)),
      lat: Number(r.lat.toFixed(6)),
      geometry: JSON.parse(r.geometry) as LandSite['geometry'],
      releasedOn: r.released_on,
      updatedOn: r.updated_on,
    })),
  };
}

/** A page past the end has no row to carry the window count: count on its own. */
async function countLand(db: Executor, filter: LandFilter): Promise<number> {
  const all = await landSites(db, { ...filter, limit: 1, offset: 0 });
  return all.total;
}

function bboxSql(bbox: NonNullable<LandFilter['bbox']>): RawBuilder<unknown> {
  const envelope = sql`ST_MakeEnvelope(${bbox.minX}::float8, ${bbox.minY}::float8, ${bbox.maxX}::float8, ${bbox.maxY}::float8, ${bbox.srid}::int)`;
  // A lon/lat box is densified before transforming so its curved BNG outline is followed, then
  // `&&` uses the index and ST_Intersects trims to the true outline.
  const inBng = bbox.srid === 27700 ? envelope : sql`ST_Transform(ST_Segmentize(${envelope}, 0.01), 27700)`;
  return sql`(${inBng} && s.geom AND ST_Intersects(${inBng}, s.geom))`;
}

/** The extent of a land status in WGS84 [minLon, minLat, maxLon, maxLat], or null when there is none. */
export async function landExtent(db: Executor, status: LandStatus): Promise<[number, number, number, number] | null> {
  const result = await sql<{ xmin: number | null; ymin: number | null; xmax: number | null; ymax: number | null }>`
    SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax FROM (
      SELECT ST_Extent(ST_Transform(s.geom, 4326))::geometry AS e
      FROM sites s
      JOIN LATERAL (SELECT stage, closed_at FROM cases WHERE site_id = s.id ORDER BY opened_at DESC, id DESC LIMIT 1) c ON true
      WHERE ${landStatusSql()} = ${status}
    ) x
  `.execute(db);
  const row = result.rows[0];
  if (!row || row.xmin === null || row.ymin === null || row.xmax === null || row.ymax === null) return null;
  return [row.xmin, row.ymin, row.xmax, row.ymax];
}
