import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpEstateVersion } from '../../src/db/pipeline.js';
import { rankEstate } from '../../workers/rank.worker.js';
import { scoreEstate } from '../../workers/score.worker.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ingestInProcess, registerBytes, stepDeps, stepJob } from '../support/steps.js';
import { topReasons } from '../../src/domain/ranking.js';
import type { SurplusBlocker, SurplusComponent } from '../../src/domain/surplus.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const SITES = [
  'NHSPS-R1,Highgate,529110,186912,0.4,1800,60,1972',
  'NHSPS-R2,Pond St,527060,185340,0.2,600,95,1990',
  'NHSPS-R3,Archway,529400,187200,0.3,900,30,1965',
];
const job = stepJob;
const deps = () => stepDeps(t);
const ingest = async (rows: string[], filename: string): Promise<void> => {
  await ingestInProcess(t, 'nhsps', filename, registerBytes(rows));
};
/** Score, a value run as the value worker records one, then rank: the three steps for the current estate version. */
async function scoreValueRank(): Promise<number> {
  await scoreEstate(job({ estateVersion: 0 }), deps());
  await sql`INSERT INTO value_runs (estate_version, assumption_set_id, sites_valued) SELECT version, 'valuation-2026-v1', 0 FROM estate_state`.execute(
    t.db,
  );
  await rankEstate(job({ estateVersion: 0 }), deps());
  return (await sql<{ id: number }>`SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1`.execute(t.db))
    .rows[0]!.id;
}
const ranked = async (runId: number) =>
  (
    await sql<{
      row: string;
    }>`SELECT (site_id, rank, priority, route, reasons, borough_gss, condition_class, surplus_score)::text AS row FROM ranked_sites WHERE rank_run_id = ${runId} ORDER BY rank`.execute(
      t.db,
    )
  ).rows.map((r) => r.row);

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

describe('reasons worked out when scored', () => {
  it('are the reasons the stored components give, and the ones the ranked list shows', async () => {
    await ingest(
      ['NHSPS-Q1,Kentish Town,528900,185100,0.5,2000,40,1960', 'NHSPS-Q2,Camden,529300,184000,0.1,300,100,2012'],
      'reasons.csv',
    );
    const run = await scoreValueRank();
    const rows = (
      await sql<{
        site_id: number;
        top_reasons: string[];
        summary: string;
        components: SurplusComponent[];
        blockers: SurplusBlocker[];
        reasons: string[];
      }>`
      SELECT sc.site_id, sc.top_reasons, sc.condition->>'summary' AS summary, sc.surplus->'components' AS components, sc.surplus->'blockers' AS blockers, r.reasons
      FROM site_scores sc JOIN rank_runs rr ON rr.id = ${run} AND rr.score_run_id = sc.score_run_id
      JOIN ranked_sites r ON r.rank_run_id = rr.id AND r.site_id = sc.site_id`.execute(t.db)
    ).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.top_reasons.length).toBeGreaterThan(0);
      expect(row.top_reasons).toEqual(
        topReasons({ surplus: { components: row.components, blockers: row.blockers }, conditionReason: row.summary }),
      );
      expect(row.reasons).toEqual(row.top_reasons);
    }
  });
});
