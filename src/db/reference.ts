import { sql } from 'kysely';
import { findBorough } from '../../geo/boroughs.js';
import { EstatesError } from '../errors.js';
import type { Executor } from './connect.js';

interface BoroughFeature {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

/**
 * Replaces the borough polygons from a GeoJSON FeatureCollection in lon/lat (CRS84, as the
 * GLA publishes them, or the simplified copy the product ships). A borough is recognised by
 * its GSS code (GSS_CODE, gss_code or code) or, failing that, its name.
 */
export async function loadBoroughs(trx: Executor, collection: { features?: BoroughFeature[] }, source: string): Promise<number> {
  const features = collection.features ?? [];
  const rows = features.map((f, i) => {
    const props = f.properties ?? {};
    const code = String(props.GSS_CODE ?? props.gss_code ?? props.code ?? props.NAME ?? props.name ?? '');
    const borough = findBorough(code);
    if (!borough) throw new EstatesError('bad_input', `feature ${i + 1} of ${source}: "${code}" is not a London borough (GSS code or name expected)`);
    if (!f.geometry || !['Polygon', 'MultiPolygon'].includes(f.geometry.type)) {
      throw new EstatesError('bad_input', `feature ${i + 1} of ${source} (${borough.name}) has no polygon geometry`);
    }
    return { gss_code: borough.gssCode, name: borough.name, sub_region: borough.subRegion, inner_london: borough.inner, geojson: JSON.stringify(f.geometry) };
  });
  if (rows.length === 0) throw new EstatesError('bad_input', `${source} has no features`);
  await sql`DELETE FROM boroughs WHERE gss_code = ANY(${rows.map((r) => r.gss_code)}::text[]) AND NOT EXISTS (SELECT 1 FROM sites WHERE sites.borough_gss = boroughs.gss_code)`.execute(trx);
  await sql`
    INSERT INTO boroughs (gss_code, name, sub_region, inner_london, geom, source)
    SELECT gss_code, name, sub_region, inner_london,
           ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326), 27700)), 3)), ${source}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(gss_code text, name text, sub_region text, inner_london boolean, geojson text)
    ON CONFLICT (gss_code) DO UPDATE SET name = excluded.name, sub_region = excluded.sub_region,
      inner_london = excluded.inner_london, geom = excluded.geom, source = excluded.source, loaded_at = now()
  `.execute(trx);
  return rows.length;
}

export async function countBoroughs(db: Executor): Promise<number> {
  const row = await db.selectFrom('boroughs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
