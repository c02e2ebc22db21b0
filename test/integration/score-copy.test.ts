import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpEstateVersion } from '../../src/db/pipeline.js';
import { scoreEstate } from '../../workers/score.worker.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ingestInProcess, registerBytes, stepDeps, stepJob } from '../support/steps.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const job = stepJob;
const deps = () => stepDeps(t);
const ingest = async (rows: string[], filename: string): Promise<void> => {
  await ingestInProcess(t, 'nhsps', filename, registerBytes(rows));
};
const runs = () =>
  t.db
    .selectFrom('score_runs')
    .select(['id', 'estate_version', 'inputs_sha256'])
    .where('estate_version', '>', 0)
    .orderBy('id')
    .execute();
const scoresOf = async (runId: number) =>
  (
    await sql<{
      site_id: number;
      body: string;
    }>`SELECT site_id, (site_data_version, condition_class, condition_score, surplus_score, condition, surplus)::text AS body FROM site_scores WHERE score_run_id = ${runId} ORDER BY site_id`.execute(
      t.db,
    )
  ).rows;

const SITES = [
  'NHSPS-C1,Highgate,529110,186912,0.4,1800,60,1972',
  'NHSPS-C2,Pond St,527060,185340,0.2,600,95,1990',
  'NHSPS-C3,Archway,529400,187200,0.3,900,30,1965',
];

describe('scoring an estate version that changed nothing the scores read', () => {
  it("copies the last run's scores, and computes again once a site or a reference layer changes", async () => {
    await ingest(SITES, 'register.csv');
    await scoreEstate(job({ estateVersion: 0 }), deps());
    // Marks the stored scores, so a copy can be told from a recomputation (which would not carry the mark).
    await sql`UPDATE site_scores SET surplus_score = 99.5`.execute(t.db);
    // A valuation assumption set, say: the estate version moves, the scores' inputs do not.
    await t.db.transaction().execute((trx) => bumpEstateVersion(trx));
    await scoreEstate(job({ estateVersion: 0 }), deps());
    const [first, copied] = await runs();
    expect(copied!.estate_version).toBeGreaterThan(first!.estate_version);
    expect(copied!.inputs_sha256).toBe(first!.inputs_sha256);
    expect(await scoresOf(copied!.id)).toEqual(await scoresOf(first!.id));
    expect((await scoresOf(copied!.id)).every((s) => s.body.includes(',99.5,'))).toBe(true);
    expect(await scoresOf(first!.id)).toHaveLength(3);

    await ingest([SITES[0]!, SITES[1]!.replace(',95,', ',20,'), SITES[2]!], 'register-occupancy-changed.csv');
    await scoreEstate(job({ estateVersion: 0 }), deps());
    const afterChange = (await runs())[2]!;
    expect(afterChange.inputs_sha256).not.toBe(first!.inputs_sha256);
    const changed = await scoresOf(afterChange.id);
    expect(changed.some((s) => s.body.includes(',99.5,'))).toBe(false);
    expect(changed.find((s) => s.body.startsWith('(2,'))).toBeDefined();

    await sql`INSERT INTO stations (code, name, geom) VALUES ('940GZZLUACY', 'Archway', ST_SetSRID(ST_MakePoint(529300, 187100), 27700))`.execute(
      t.db,
    );
    await t.db.transaction().execute((trx) => bumpEstateVersion(trx));
    await scoreEstate(job({ estateVersion: 0 }), deps());
    const afterStations = (await runs())[3]!;
    expect(afterStations.inputs_sha256).not.toBe(afterChange.inputs_sha256);
    expect(await scoresOf(afterStations.id)).not.toEqual(changed);
  });
});
