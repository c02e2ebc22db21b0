import { sql } from 'kysely';
import type { SurveyBlockRecord } from '../domain/records.js';
import type { Executor } from './connect.js';

/**
 * Stores survey blocks keyed by site reference, block and survey date. A block for a site not
 * yet known is kept and waits: the site picks it up when it arrives. Returns the site
 * references whose survey changed.
 */
export async function upsertSurveyBlocks(
  trx: Executor,
  uploadId: number,
  blocks: SurveyBlockRecord[],
): Promise<string[]> {
  if (blocks.length === 0) return [];
  const rows = blocks.map((b) => ({ site_ref: b.siteRef, block: b.block, survey_date: b.surveyDate, record: b }));
  const result = await sql<{ site_ref: string }>`
    INSERT INTO survey_blocks AS sb (site_ref, block, survey_date, record, upload_id)
    SELECT site_ref, block, survey_date, record, ${uploadId}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(site_ref text, block text, survey_date date, record jsonb)
    ON CONFLICT (site_ref, block, survey_date) DO UPDATE SET record = excluded.record, upload_id = excluded.upload_id
    WHERE sb.record IS DISTINCT FROM excluded.record
    RETURNING site_ref
  `.execute(trx);
  return [...new Set(result.rows.map((r) => r.site_ref))];
}

export async function upsertSiteBoundaries(
  trx: Executor,
  uploadId: number,
  boundaries: Array<{ siteRef: string; geometry: unknown }>,
): Promise<string[]> {
  if (boundaries.length === 0) return [];
  const rows = boundaries.map((b) => ({ site_ref: b.siteRef, geojson: JSON.stringify(b.geometry) }));
  const result = await sql<{ site_ref: string }>`
    INSERT INTO site_boundaries AS sb (site_ref, geom, upload_id)
    SELECT site_ref, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 27700)), ${uploadId}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(site_ref text, geojson text)
    ON CONFLICT (site_ref) DO UPDATE SET geom = excluded.geom, upload_id = excluded.upload_id
    WHERE NOT ST_Equals(sb.geom, excluded.geom)
    RETURNING site_ref
  `.execute(trx);
  const changed = result.rows.map((r) => r.site_ref);
  if (changed.length > 0) {
    await sql`
      UPDATE sites s SET boundary = b.geom FROM site_boundaries b
      WHERE b.site_ref = s.source_ref AND b.site_ref = ANY(${changed}::text[])
    `.execute(trx);
  }
  return changed;
}

export async function saveTrustAggregates(
  trx: Executor,
  uploadId: number,
  aggregates: Array<{ trustCode: string; record: Record<string, unknown> }>,
): Promise<void> {
  if (aggregates.length === 0) return;
  await trx
    .insertInto('eric_trust_aggregates')
    .values(aggregates.map((a) => ({ upload_id: uploadId, trust_code: a.trustCode, record: JSON.stringify(a.record) })))
    .onConflict((oc) => oc.columns(['upload_id', 'trust_code']).doNothing())
    .execute();
}
