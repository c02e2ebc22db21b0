import type { Job } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpEstateVersion } from '../../src/db/pipeline.js';
import { storeUpload } from '../../src/db/uploads.js';
import { ingestUpload } from '../../workers/ingest.worker.js';
import { rankEstate } from '../../workers/rank.worker.js';
import { scoreEstate } from '../../workers/score.worker.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const HEADER = 'Property Reference,Property Name,Easting,Northing,Site Area (ha),GIA (m2),Occupancy (%),Year Built';
const SITES = ['NHSPS-R1,Highgate,529110,186912,0.4,1800,60,1972', 'NHSPS-R2,Pond St,527060,185340,0.2,600,95,1990', 'NHSPS-R3,Archway,529400,187200,0.3,900,30,1965'];
const job = (data: unknown) => ({ data, timestamp: Date.UTC(2026, 10, 23), updateProgress: async () => undefined }) as unknown as Job;
const deps = () => ({ db: t.db, config: t.config, nudgeRelay: () => undefined });

async function ingest(rows: string[], filename: string): Promise<void> {
  const bytes = new TextEncoder().encode(`${HEADER}\n${rows.join('\n')}\n`);
  const { upload } = await t.db.transaction().execute((trx) => storeUpload(trx, { source: 'nhsps', filename, bytes, uploadedBy: 'test' }));
  await ingestUpload(job({ uploadId: upload.uploadId }), deps());
}
/** Score, a value run as the value worker records one, then rank: the three steps for the current estate version. */
async function scoreValueRank(): Promise<number> {
  await scoreEstate(job({ estateVersion: 0 }), deps());
  await sql`INSERT INTO value_runs (estate_version, assumption_set_id, sites_valued) SELECT version, 'valuation-2026-v1', 0 FROM estate_state`.execute(t.db);
  await rankEstate(job({ estateVersion: 0 }), deps());
  return (await sql<{ id: number }>`SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1`.execute(t.db)).rows[0]!.id;
}
const ranked = async (runId: number) =>
  (await sql<{ row: string }>`SELECT (site_id, rank, priority, route, reasons, borough_gss, condition_class, surplus_score)::text AS row FROM ranked_sites WHERE rank_run_id = ${runId} ORDER BY rank`.execute(t.db)).rows.map((r) => r.row);

describe('ranking an estate version whose scores came from unchanged inputs', () => {
  it('copies the ranked list ranked from the same inputs, and ranks again once a site changes', async () => {
    await ingest(SITES, 'register.csv');
    const first = await scoreValueRank();
    expect(await ranked(first)).toHaveLength(3);
    // Marks the stored list, so a copy can be told from a ranking done again.
    await sql`UPDATE ranked_sites SET priority = 12.5 WHERE rank_run_id = ${first}`.execute(t.db);
    await t.db.transaction().execute((trx) => bumpEstateVersion(trx));
    const copied = await scoreValueRank();
    expect(copied).not.toBe(first);
    expect(await ranked(copied)).toEqual(await ranked(first));

    await ingest([SITES[0]!, SITES[1]!.replace(',95,', ',20,'), SITES[2]!], 'register-occupancy-changed.csv');
    const reranked = await scoreValueRank();
    expect((await ranked(reranked)).some((row) => row.includes(',12.5,'))).toBe(false);
    expect(await ranked(reranked)).toHaveLength(3);
  });
});
