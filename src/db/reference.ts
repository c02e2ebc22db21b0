import { sql } from 'kysely';
import { findBorough } from '../../geo/boroughs.js';
import { EstatesError } from '../errors.js';
import type { GeoJsonLayer } from '../ingest/geojson-layer.js';
import type { Executor } from './connect.js';

const SRID: Record<GeoJsonLayer['reading']['crs'], number> = { 'EPSG:27700': 27700, 'EPSG:4326': 4326 };

const isAreal = (geometry: unknown): boolean =>
  ['Polygon', 'MultiPolygon'].includes(String((geometry as { type?: unknown } | null)?.type));

/**
 * Replaces the borough polygons from a GeoJSON layer in lon/lat (CRS84, as the GLA publishes
 * them, or the simplified copy the product ships) or British National Grid (the GLA's
 * EPSG:27700 files), as the layer's reading says. A borough is recognised by its GSS code
 * (GSS_CODE, gss_code or code) or, failing that, its name.
 */
export async function loadBoroughs(trx: Executor, layer: GeoJsonLayer, source: string): Promise<number> {
  const srid = SRID[layer.reading.crs];
  const rows = layer.features.map((f, i) => {
    const props = f.properties;
    const code = String(props.GSS_CODE ?? props.gss_code ?? props.code ?? props.NAME ?? props.name ?? '');
    const borough = findBorough(code);
    if (!borough)
      throw new EstatesError(
        'bad_input',
        `feature ${i + 1} of ${source}: "${code}" is not a London borough (GSS code or name expected)`,
      );
    if (!isAreal(f.geometry)) {
      throw new EstatesError('bad_input', `feature ${i + 1} of ${source} (${borough.name}) has no polygon geometry`);
    }
    return {
      gss_code: borough.gssCode,
      name: borough.name,
      sub_region: borough.subRegion,
      inner_london: borough.inner,
      geojson: JSON.stringify(f.geometry),
    };
  });
  if (rows.length === 0) throw new EstatesError('bad_input', `${source} has no features`);
  await sql`DELETE FROM boroughs WHERE gss_code = ANY(${rows.map((r) => r.gss_code)}::text[]) AND NOT EXISTS (SELECT 1 FROM sites WHERE sites.borough_gss = boroughs.gss_code)`.execute(
    trx,
  );
  await sql`
    INSERT INTO boroughs (gss_code, name, sub_region, inner_london, geom, source)
    SELECT gss_code, name, sub_region, inner_london,
           ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(geojson), ${srid}::int), 27700)), 3)), ${source}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(gss_code text, name text, sub_region text, inner_london boolean, geojson text)
    ON CONFLICT (gss_code) DO UPDATE SET name = excluded.name, sub_region = excluded.sub_region,
      inner_london = excluded.inner_london, geom = excluded.geom, source = excluded.source, loaded_at = now()
  `.execute(trx);
  // Greater London's extent (land and the river between the boroughs, migration 0420) follows the boroughs.
  await sql`REFRESH MATERIALIZED VIEW london_extent`.execute(trx);
  return rows.length;
}

export async function countBoroughs(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('boroughs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface PostcodeRow {
  postcode: string;
  postcodeKey: string;
  eastingM: number;
  northingM: number;
  localAuthorityCode: string | null;
}

/** Upserts a batch of postcode directory rows (a newer directory replaces older points). */
export async function upsertPostcodes(trx: Executor, rows: PostcodeRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO postcodes (postcode_key, postcode, geom, local_authority_code)
    SELECT k, p, ST_SetSRID(ST_MakePoint(e, n), 27700), la
    FROM unnest(${rows.map((r) => r.postcodeKey)}::text[], ${rows.map((r) => r.postcode)}::text[],
                ${rows.map((r) => r.eastingM)}::float8[], ${rows.map((r) => r.northingM)}::float8[],
                ${rows.map((r) => r.localAuthorityCode)}::text[]) AS t(k, p, e, n, la)
    ON CONFLICT (postcode_key) DO UPDATE SET postcode = excluded.postcode, geom = excluded.geom, local_authority_code = excluded.local_authority_code
  `.execute(trx);
}

export interface OdsRow {
  odsCode: string;
  name: string;
  kind: string;
  parentCode: string | null;
  postcode: string | null;
  openDate: string | null;
  closeDate: string | null;
  status: string | null;
}

export async function upsertOdsOrganisations(trx: Executor, rows: OdsRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO ods_organisations (ods_code, name, kind, parent_code, postcode, open_date, close_date, status)
    SELECT * FROM unnest(${rows.map((r) => r.odsCode)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.kind)}::text[],
                         ${rows.map((r) => r.parentCode)}::text[], ${rows.map((r) => r.postcode)}::text[],
                         ${rows.map((r) => r.openDate)}::date[], ${rows.map((r) => r.closeDate)}::date[],
                         ${rows.map((r) => r.status)}::text[])
    ON CONFLICT (ods_code) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_code = excluded.parent_code,
      postcode = excluded.postcode, open_date = excluded.open_date, close_date = excluded.close_date,
      status = excluded.status
  `.execute(trx);
}

/** How many sites the loaded GP practices occupy (migration 0470's view). */
export async function countSitesWithPractices(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(DISTINCT site_id)::int AS n FROM site_practices`.execute(db);
  return result.rows[0]?.n ?? 0;
}

const RESIDENT_KEYS = ['USUALRES', 'usualres', 'residents', 'population', 'POPULATION', 'all_usual_residents'];
const CODE_KEYS = ['MSOA11CD', 'MSOA21CD', 'LSOA11CD', 'LSOA21CD', 'code', 'CODE', 'id'];
const NAME_KEYS = ['MSOA11NM', 'MSOA21NM', 'LSOA11NM', 'name', 'NAME'];
const firstOf = (props: Record<string, unknown>, keys: string[]): unknown =>
  keys.map((k) => props[k]).find((v) => v !== undefined && v !== null && v !== '');

/**
 * Population areas (e.g. census MSOAs) with a residents count, in lon/lat or British National
 * Grid as the layer's reading says; replaces the loaded set. The centroid (a point on the
 * surface) is what catchments count.
 */
export async function loadPopulationAreas(trx: Executor, layer: GeoJsonLayer, source: string): Promise<number> {
  const srid = SRID[layer.reading.crs];
  const rows = layer.features.map((f, i) => {
    const props = f.properties;
    const code = firstOf(props, CODE_KEYS);
    const residents = Number(firstOf(props, RESIDENT_KEYS));
    if (code === undefined)
      throw new EstatesError('bad_input', `feature ${i + 1} of ${source} has no area code (${CODE_KEYS.join(', ')})`);
    if (!Number.isFinite(residents) || residents < 0)
      throw new EstatesError(
        'bad_input',
        `feature ${i + 1} of ${source} (${String(code)}) has no residents count (${RESIDENT_KEYS.join(', ')})`,
      );
    if (!isAreal(f.geometry))
      throw new EstatesError('bad_input', `feature ${i + 1} of ${source} (${String(code)}) has no polygon`);
    const name = firstOf(props, NAME_KEYS);
    return {
      code: String(code),
      name: name === undefined ? null : String(name),
      residents: Math.round(residents),
      geojson: JSON.stringify(f.geometry),
    };
  });
  if (rows.length === 0) throw new EstatesError('bad_input', `${source} has no features`);
  await sql`DELETE FROM population_areas`.execute(trx);
  await sql`
    INSERT INTO population_areas (code, name, residents, geom, centroid)
    SELECT code, name, residents, g, ST_PointOnSurface(g)
    FROM (
      SELECT code, name, residents,
             ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(geojson), ${srid}::int), 27700)), 3)) AS g
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(code text, name text, residents int, geojson text)
    ) areas
    ON CONFLICT (code) DO NOTHING
  `.execute(trx);
  return rows.length;
}

export interface StationRow {
  code: string;
  name: string;
  eastingM: number;
  northingM: number;
}

/** Replaces the loaded stations (points in British National Grid). */
export async function loadStations(trx: Executor, rows: StationRow[]): Promise<number> {
  await sql`DELETE FROM stations`.execute(trx);
  if (rows.length === 0) return 0;
  await sql`
    INSERT INTO stations (code, name, geom)
    SELECT c, nm, ST_SetSRID(ST_MakePoint(e, n), 27700)
    FROM unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.eastingM)}::float8[], ${rows.map((r) => r.northingM)}::float8[]) AS t(c, nm, e, n)
    ON CONFLICT (code) DO NOTHING
  `.execute(trx);
  return rows.length;
}
