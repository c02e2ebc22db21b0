import { sql } from 'kysely';
import type { TestDatabase } from '../../support/database.js';
import { ownedByTestOrg } from '../../support/accounts.js';

export interface RankedSite {
  siteId: number;
  sourceRef: string;
  rank: number;
}

/**
 * A ranked estate of `count` sites written straight into the tables the pipeline owns (sites,
 * a score run, a rank run, valuations), so cases can be opened without running the workers.
 * Sites sit on a line across central London (real BNG coordinates around Westminster).
 */
export async function seedRankedSites(t: TestDatabase, count: number): Promise<RankedSite[]> {
  const upload = await sql<{ id: number }>`
    INSERT INTO uploads (source, filename, sha256, size_bytes, raw, uploaded_by, status)
    VALUES ('nhsps', 'workflow-seed.csv', ${'1'.repeat(64)}, 1, '\\x00', 'seed', 'ingested') RETURNING id`.execute(
    t.db,
  );
  const uploadId = upload.rows[0]!.id;
  const run = await sql<{
    id: number;
  }>`INSERT INTO score_runs (estate_version, model_version, sites_scored) VALUES (1, 'test-v1', ${count}) RETURNING id`.execute(
    t.db,
  );
  const rankRun = await sql<{
    id: number;
  }>`INSERT INTO rank_runs (estate_version, score_run_id, model_version) VALUES (1, ${run.rows[0]!.id}, 'test-v1') RETURNING id`.execute(
    t.db,
  );
  const sites: RankedSite[] = [];
  for (let i = 1; i <= count; i += 1) {
    const ref = `NHSPS-W${String(i).padStart(3, '0')}`;
    const r = await sql<{ id: number }>`
      INSERT INTO sites (source, source_ref, name, address, postcode, borough_gss, sub_region, placed_by, tenure, site_area_ha, gia_m2, geom, record, record_sha256, first_upload_id, last_upload_id)
      VALUES ('nhsps', ${ref}, ${`Workflow Clinic ${i}`}, '1 High Street', 'SW1A 1AA', 'E09000033', 'NWL', 'coordinates', 'freehold', 1.0, 1000,
              ST_SetSRID(ST_MakePoint(${529000 + i * 100}::float8, 179500::float8), 27700), '{}', ${ref.padEnd(64, '0').slice(0, 64)}, ${uploadId}, ${uploadId})
      RETURNING id`.execute(t.db);
    const siteId = r.rows[0]!.id;
    await sql`INSERT INTO site_scores (score_run_id, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus)
              VALUES (${run.rows[0]!.id}, ${siteId}, 1, 'rebuild', 40, ${90 - i}, '{}'::jsonb, '{}'::jsonb)`.execute(
      t.db,
    );
    // The ranked row carries what the list is filtered by, as the rank worker writes it.
    await sql`INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons, borough_gss, sub_region, condition_class, surplus_score)
              VALUES (${rankRun.rows[0]!.id}, ${siteId}, ${i}, ${100 - i}, 'open_market', '["seeded"]'::jsonb, 'E09000033', 'NWL', 'rebuild', ${90 - i})`.execute(
      t.db,
    );
    await sql`INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes, euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
              VALUES (${siteId}, 1, 'rebuild', 'valuation-v1', 'test-v1', ${50 + i}, 100000000, ${500000000 + i}, ${500000000 + i}, ${480000000 + i}, '{}'::jsonb)`.execute(
      t.db,
    );
    sites.push({ siteId, sourceRef: ref, rank: i });
  }
  await ownedByTestOrg(t.db);
  return sites;
}

export const DAY_MS = 86_400_000;
