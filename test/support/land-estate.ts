import { sql } from 'kysely';
import type { TestDatabase } from './database.js';
import { ownedByTestOrg } from './accounts.js';

/** Boroughs the land estate spreads over (GSS code, name as the boroughs table has it). */
const BOROUGHS = [
  ['E09000012', 'Hackney'],
  ['E09000019', 'Islington'],
  ['E09000007', 'Camden'],
  ['E09000008', 'Croydon'],
] as const;

export interface LandEstateSite {
  siteId: number;
  sourceRef: string;
  eastingM: number;
  northingM: number;
}

/**
 * `count` sites of released and pipeline land, written straight into the tables the workers own,
 * varied so that every CQL2 operator selects some and not others: every third site is in the
 * pipeline, the rest released on dates 40 days apart from 2023; every seventh has no valuation
 * (homes unknown); names mix clinics, hospitals and surgeries in mixed case.
 */
export async function seedLandEstate(t: TestDatabase, count: number): Promise<LandEstateSite[]> {
  const upload = await sql<{ id: number }>`
    INSERT INTO uploads (source, filename, sha256, size_bytes, raw, uploaded_by, status)
    VALUES ('nhsps', 'land-estate.csv', ${'1'.repeat(64)}, 1, '\\x00', 'seed', 'ingested') RETURNING id`.execute(t.db);
  const uploadId = upload.rows[0]!.id;
  const kinds = ['Health Clinic', 'HOSPITAL', 'surgery', 'Community clinic'];
  const seeded: LandEstateSite[] = [];
  for (let i = 0; i < count; i += 1) {
    const [gss] = BOROUGHS[i % BOROUGHS.length]!;
    const ref = `LAND-${String(i).padStart(3, '0')}`;
    const eastingM = 533_000 + (i % 6) * 150;
    const northingM = 184_000 + Math.floor(i / 6) * 150;
    const r = await sql<{ id: number }>`
      INSERT INTO sites (source, source_ref, name, address, postcode, borough_gss, sub_region, placed_by, tenure, site_area_ha, gia_m2, geom, record, record_sha256, first_upload_id, last_upload_id)
      VALUES ('nhsps', ${ref}, ${`Site ${i} ${kinds[i % kinds.length]}`}, ${`${i} Mare Street`}, 'E8 1AA', ${gss}, 'NEL', 'coordinates', 'freehold',
              ${Number((0.05 + i * 0.1).toFixed(2))}, ${500 + i * 10},
              ST_SetSRID(ST_MakePoint(${eastingM}::float8, ${northingM}::float8), 27700), '{}', ${ref.padEnd(64, '0')}, ${uploadId}, ${uploadId})
      RETURNING id`.execute(t.db);
    const siteId = r.rows[0]!.id;
    if (i % 7 !== 0)
      await sql`INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes, euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
                VALUES (${siteId}, 1, 'refurbish', 'valuation-v1', 'test-v1', ${(i * 37) % 200}, 100000000, 200000000, 200000000, 190000000, '{}'::jsonb)`.execute(
        t.db,
      );
    if (i % 3 === 0)
      await sql`INSERT INTO cases (site_id, stage, opened_at) VALUES (${siteId}, ${i % 2 === 0 ? 'due_diligence' : 'marketing'}, '2024-05-01T10:00:00Z')`.execute(
        t.db,
      );
    else
      await sql`INSERT INTO cases (site_id, stage, opened_at, closed_at)
                VALUES (${siteId}, 'completed', '2022-06-01T10:00:00Z', ${new Date(Date.UTC(2023, 0, 1 + i * 40, 12))})`.execute(
        t.db,
      );
    seeded.push({ siteId, sourceRef: ref, eastingM, northingM });
  }
  await ownedByTestOrg(t.db);
  return seeded;
}
