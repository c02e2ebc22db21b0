import { sql, type RawBuilder } from 'kysely';
import { mayReadValuations, type Role } from '../domain/roles.js';
import { EstatesError } from '../errors.js';
import type { Executor } from './connect.js';
import { landStatusSql, type LandStatus } from './land.js';

/**
 * Mapbox Vector Tiles in WebMercatorQuad (OGC API – Tiles' z/x/y, EPSG:3857), made by PostGIS
 * (ST_TileEnvelope, ST_AsMVTGeom, ST_AsMVT), so a 100,000-site estate is drawn a tile at a time
 * instead of as one GeoJSON document. Sites are searched on their BNG GiST index: the tile (with
 * its margin) is brought to EPSG:27700, never every site to Web Mercator.
 */

export const TILE_LAYERS = ['pipeline-land', 'released-land', 'sites'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** Deepest zoom served: ~2 m per pixel at London's latitude, past any site's detail. */
export const MAX_TILE_ZOOM = 22;
/**
 * From this zoom every site is a feature, drawn as its outline where it has one. Below it a site is
 * a point (an outline there is a pixel) and each cell of about THINNED_CELL tile units keeps one
 * feature, the cell's first site (best ranked; most homes on land layers), carrying how many sites
 * the cell holds in `sites`: a z10 tile of the 100,000-site demo estate was 4 MB and took 1.1 s whole.
 */
export const DETAIL_MIN_ZOOM = 13;
const THINNED_CELL = 64;
/** MVT's own defaults: 4,096 units a side, a 64-unit buffer so symbols at the edge are not cut. */
const EXTENT = 4096;
const BUFFER = 64;

/** A property as it goes into the tile: an SQL expression over the layer's aliases. */
interface TileProperty {
  column: RawBuilder<unknown>;
  /** A valuation figure: written only for roles that may read valuations (src/domain/roles.ts), never for housing. */
  confidential?: true;
}

/**
 * Land layers: aliases s (sites), b (boroughs), c (latest case), v (latest valuation, which the
 * database shows only to those who may read it), cap (homes, which everyone may: migration 0510).
 */
const LAND_PROPERTIES: Record<string, TileProperty> = {
  siteId: { column: sql`s.id` },
  sourceRef: { column: sql`s.source_ref` },
  name: { column: sql`s.name` },
  borough: { column: sql`s.borough_gss` },
  boroughName: { column: sql`b.name` },
  stage: { column: sql`c.stage` },
  siteAreaHa: { column: sql`s.site_area_ha::float8` },
  homes: { column: sql`cap.homes` },
  releasedOn: { column: sql`to_char(c.closed_at, 'YYYY-MM-DD')` },
  marketValuePence: { column: sql`v.market_value_pence`, confidential: true },
};

/**
 * The Board's site layer: aliases s, sc (its score in the latest score run, which holds every site
 * scored: a run that changed nothing copies the last), rs (latest ranked list), v.
 */
const SITE_PROPERTIES: Record<string, TileProperty> = {
  siteId: { column: sql`s.id` },
  sourceRef: { column: sql`s.source_ref` },
  name: { column: sql`s.name` },
  borough: { column: sql`s.borough_gss` },
  conditionClass: { column: sql`sc.condition_class` },
  surplusScore: { column: sql`sc.surplus_score::float8` },
  rank: { column: sql`rs.rank` },
  homes: { column: sql`cap.homes` },
  marketValuePence: { column: sql`v.market_value_pence`, confidential: true },
};

const PROPERTIES: Record<TileLayer, Record<string, TileProperty>> = {
  'pipeline-land': LAND_PROPERTIES,
  'released-land': LAND_PROPERTIES,
  sites: SITE_PROPERTIES,
};

/**
 * The property names a tile of `layer` carries for `role` (no valuation unless the role may read
 * valuations), and `sites`: how many sites the feature stands for (1 from DETAIL_MIN_ZOOM).
 */
export function tileProperties(layer: TileLayer, role: Role): string[] {
  return [...visibleProperties(layer, role).map(([name]) => name), 'sites'];
}

const visibleProperties = (layer: TileLayer, role: Role): Array<[string, TileProperty]> =>
  Object.entries(PROPERTIES[layer]).filter(([, p]) => !p.confidential || mayReadValuations(role));

export interface TileRequest {
  layer: TileLayer;
  z: number;
  x: number;
  y: number;
  /** Who asks: the properties written are that role's. */
  role: Role;
}

/** A tile address that exists in WebMercatorQuad, or a bad_input naming what is wrong. */
export function checkTile({ z, x, y }: { z: number; x: number; y: number }): void {
  if (!Number.isInteger(z) || z < 0 || z > MAX_TILE_ZOOM)
    throw new EstatesError('bad_input', `tile zoom ${z} is not a whole number from 0 to ${MAX_TILE_ZOOM}`);
  const side = 2 ** z;
  for (const [name, v] of [
    ['column', x],
    ['row', y],
  ] as const)
    if (!Number.isInteger(v) || v < 0 || v >= side)
      throw new EstatesError('bad_input', `tile ${name} ${v} is outside zoom ${z} (0 to ${side - 1})`);
}

const LAND_STATUS: Record<Exclude<TileLayer, 'sites'>, LandStatus> = {
  'pipeline-land': 'pipeline',
  'released-land': 'released',
};

/** Web Mercator stretches London's ground by 1 / cos(51.5°): a tile's cells in BNG metres are this much smaller. */
const LONDON_SCALE = Math.cos((51.5 * Math.PI) / 180);

/**
 * The sites a tile may draw (id, position, and the key that picks a cell's first site), found on
 * the BNG index: every site for the Board's layer, a land status for the land layers.
 */
function candidates(layer: TileLayer): RawBuilder<unknown> {
  if (layer === 'sites')
    return sql`
      SELECT s.id, s.geom, rs.rank AS first_key
      FROM t JOIN sites s ON s.geom && t.search
      LEFT JOIN ranked_sites rs ON rs.site_id = s.id AND rs.rank_run_id = (SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1)`;
  return sql`
    SELECT s.id, s.geom, -v.homes AS first_key
    FROM t
    JOIN (SELECT DISTINCT ON (site_id) site_id, stage, closed_at FROM cases ORDER BY site_id, opened_at DESC, id DESC) c ON true
    JOIN sites s ON s.id = c.site_id AND s.geom && t.search
    LEFT JOIN site_capacity v ON v.site_id = s.id
    WHERE ${landStatusSql()} = ${LAND_STATUS[layer]}`;
}

/** What the properties of a kept site are read from, by layer (the aliases PROPERTIES names). */
function propertySources(layer: TileLayer): RawBuilder<unknown> {
  const valuation = sql`LEFT JOIN LATERAL (SELECT market_value_pence FROM valuations WHERE site_id = s.id ORDER BY id DESC LIMIT 1) v ON true
    LEFT JOIN site_capacity cap ON cap.site_id = s.id`;
  if (layer === 'sites')
    return sql`
      LEFT JOIN site_scores sc ON sc.site_id = s.id
        AND sc.score_run_id = (SELECT id FROM score_runs ORDER BY estate_version DESC LIMIT 1)
      LEFT JOIN ranked_sites rs ON rs.site_id = s.id AND rs.rank_run_id = (SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1)
      ${valuation}`;
  return sql`
    JOIN LATERAL (SELECT stage, closed_at FROM cases WHERE site_id = s.id ORDER BY opened_at DESC, id DESC LIMIT 1) c ON true
    LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
    ${valuation}`;
}

/**
 * One tile, MVT-encoded (application/vnd.mapbox-vector-tile); an empty buffer when nothing is in it.
 * The layer inside is named as the collection; each feature's id is the site id. Below
 * DETAIL_MIN_ZOOM the cells are thinned before any property is read, so a tile over the whole
 * estate reads properties for a few thousand sites, not for every one.
 */
export async function vectorTile(db: Executor, request: TileRequest): Promise<Buffer> {
  checkTile(request);
  const { layer, z, x, y } = request;
  const chosen = visibleProperties(layer, request.role);
  const properties = sql.join(chosen.map(([name, p]) => sql`${p.column} AS ${sql.ref(name)}`));
  const tileM = 40_075_016.68 / 2 ** z;
  // The search area is the tile plus its buffer, densified so its outline in BNG stays true.
  const tile = sql`SELECT ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int) AS envelope,
      ST_Transform(ST_Segmentize(ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${BUFFER / EXTENT}::float8),
                                 ${tileM / 16}::float8), 27700) AS search`;
  const cellM = (tileM / (EXTENT / THINNED_CELL)) * LONDON_SCALE;
  const kept =
    z >= DETAIL_MIN_ZOOM
      ? sql`SELECT id, 1 AS sites FROM (${candidates(layer)}) k`
      : sql`SELECT DISTINCT ON (cell) id, count(*) OVER (PARTITION BY cell) AS sites
            FROM (SELECT id, first_key, ST_SnapToGrid(geom, ${cellM}::float8) AS cell FROM (${candidates(layer)}) k) cells
            ORDER BY cell, first_key NULLS LAST, id`;
  const shape = z >= DETAIL_MIN_ZOOM ? sql`COALESCE(s.boundary, s.geom)` : sql`s.geom`;
  const result = await sql<{ tile: Buffer | null }>`
    WITH t AS (${tile}), kept AS (${kept})
    SELECT ST_AsMVT(d.*, ${layer}, ${EXTENT}, 'mvt_geometry', 'feature_id') AS tile
    FROM (
      SELECT s.id AS feature_id, ${properties}, kept.sites,
             ST_AsMVTGeom(ST_Transform(${shape}, 3857), t.envelope, ${EXTENT}, ${BUFFER}, true) AS mvt_geometry
      FROM t, kept JOIN sites s ON s.id = kept.id
      ${propertySources(layer)}
    ) d
    WHERE d.mvt_geometry IS NOT NULL`.execute(db);
  return result.rows[0]?.tile ?? Buffer.alloc(0);
}

/**
 * What any tile is drawn from, as one string that changes whenever a tile can: the cases, the
 * estate, and the latest score, value and rank runs (committed counters that only grow, read in
 * one snapshot). A tile made after reading it is never older than it, so it is the ETag's base.
 */
export async function tileVersion(db: Executor): Promise<string> {
  const result = await sql<{ v: string }>`
    SELECT concat_ws('.', (SELECT version FROM cases_version), (SELECT version FROM estate_state),
                     (SELECT max(id) FROM score_runs), (SELECT max(id) FROM value_runs), (SELECT max(id) FROM rank_runs)) AS v
  `.execute(db);
  return result.rows[0]?.v ?? '';
}

/** How many sites a layer draws, so a map can choose tiles over one GeoJSON document when there are many. */
export async function layerSiteCount(db: Executor, layer: TileLayer): Promise<number> {
  if (layer === 'sites') {
    const all = await sql<{ n: string }>`SELECT count(*) AS n FROM sites`.execute(db);
    return Number(all.rows[0]?.n ?? 0);
  }
  const land = await sql<{ n: string }>`
    SELECT count(*) AS n FROM sites s
    JOIN LATERAL (SELECT stage, closed_at FROM cases WHERE site_id = s.id ORDER BY opened_at DESC, id DESC LIMIT 1) c ON true
    WHERE ${landStatusSql()} = ${LAND_STATUS[layer]}`.execute(db);
  return Number(land.rows[0]?.n ?? 0);
}
