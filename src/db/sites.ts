import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { BngPoint, SiteRecord } from '../domain/records.js';
import type { PlacementMethod } from '../domain/placement.js';
import type { Executor } from './connect.js';

export interface PlacedSite {
  record: SiteRecord;
  point: BngPoint;
  postcode: string | null;
  boroughGss: string;
  subRegion: string;
  placedBy: PlacementMethod | `${PlacementMethod}+nearest-boundary`;
}

/**
 * Key order fixed, so the same record always hashes the same. Written as loops rather than
 * map/join (a fifth of ingest's Node time); the text must stay byte-for-byte what it was, or every
 * stored site would look changed on its next upload (test/unit/record-hash.test.ts).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`;
  }
  return `${out}}`;
}

export const recordSha256 = (site: PlacedSite): string =>
  createHash('sha256').update(canonicalJson({ record: site.record, point: site.point, borough: site.boroughGss })).digest('hex');

/**
 * A batch's sites as upsertSites sends them. Made before the batch's transaction opens (hashing
 * and serialising are a third of ingest's Node time), so it runs while the batch before is written.
 * One JSON text: json_to_recordset reads it faster than jsonb (339 vs 502 ms a 5,000-row batch)
 * because only the `record` column is built as jsonb.
 */
export interface SiteRows {
  count: number;
  json: string;
}

export function siteRowsToWrite(sites: PlacedSite[]): SiteRows {
  const rows = sites.map((s) => ({
    source: s.record.source,
    source_ref: s.record.sourceRef,
    name: s.record.name,
    address: s.record.address,
    postcode: s.postcode,
    borough_gss: s.boroughGss,
    sub_region: s.subRegion,
    placed_by: s.placedBy,
    tenure: s.record.tenure,
    site_area_ha: s.record.siteAreaHa,
    gia_m2: s.record.giaM2,
    e: s.point.eastingM,
    n: s.point.northingM,
    record: s.record,
    record_sha256: recordSha256(s),
  }));
  return { count: rows.length, json: JSON.stringify(rows) };
}

/**
 * Inserts new sites and updates changed ones in one set-based statement; an unchanged row
 * (same record hash) is left alone, so re-uploading a file changes nothing. A change bumps the
 * site's data version; the version it replaces goes to site_history (a trigger, migration 0330).
 */
export async function upsertSites(trx: Executor, uploadId: number, sites: SiteRows): Promise<{ inserted: number; updated: number }> {
  if (sites.count === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: string; updated: string }>`
    WITH written AS (
      INSERT INTO sites AS s (source, source_ref, name, address, postcode, borough_gss, sub_region, placed_by, tenure,
                              site_area_ha, gia_m2, geom, boundary, record, record_sha256, first_upload_id, last_upload_id)
      SELECT r.source, r.source_ref, r.name, r.address, r.postcode, r.borough_gss, r.sub_region, r.placed_by, r.tenure,
             r.site_area_ha, r.gia_m2, ST_SetSRID(ST_MakePoint(r.e, r.n), 27700),
             b.geom, -- a boundary uploaded before its site waited for it
             r.record, r.record_sha256, ${uploadId}, ${uploadId}
      FROM json_to_recordset(${sites.json}::json) AS r(
        source text, source_ref text, name text, address text, postcode text, borough_gss text, sub_region text,
        placed_by text, tenure text, site_area_ha numeric, gia_m2 numeric, e float8, n float8, record jsonb, record_sha256 text)
      LEFT JOIN site_boundaries b ON b.site_ref = r.source_ref
      ON CONFLICT (source, source_ref) DO UPDATE SET
        name = excluded.name, address = excluded.address, postcode = excluded.postcode,
        borough_gss = excluded.borough_gss, sub_region = excluded.sub_region, placed_by = excluded.placed_by,
        tenure = excluded.tenure, site_area_ha = excluded.site_area_ha, gia_m2 = excluded.gia_m2, geom = excluded.geom,
        record = excluded.record, record_sha256 = excluded.record_sha256,
        data_version = s.data_version + 1, last_upload_id = excluded.last_upload_id, updated_at = now()
      WHERE s.record_sha256 IS DISTINCT FROM excluded.record_sha256
      RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated FROM written
  `.execute(trx);
  const counts = result.rows[0];
  return { inserted: Number(counts?.inserted ?? 0), updated: Number(counts?.updated ?? 0) };
}

/** A new survey or boundary changes the sites it names: bump their data versions. */
export async function touchSitesByRef(trx: Executor, siteRefs: string[]): Promise<number> {
  if (siteRefs.length === 0) return 0;
  const result = await sql`
    UPDATE sites SET data_version = data_version + 1, updated_at = now()
    WHERE source_ref = ANY(${[...new Set(siteRefs)]}::text[])
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export async function knownSiteRefs(db: Executor, siteRefs: string[]): Promise<Set<string>> {
  const unique = [...new Set(siteRefs)];
  if (unique.length === 0) return new Set();
  const rows = await db.selectFrom('sites').select('source_ref').where('source_ref', 'in', unique).execute();
  return new Set(rows.map((r) => r.source_ref));
}

export async function countSites(db: Executor): Promise<number> {
  const row = await db.selectFrom('sites').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
