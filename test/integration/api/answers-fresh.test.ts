import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEstate, startApiHarness, type ApiHarness, type SeededSite } from './harness.js';

// The ranked list, land and OGC items keep answers in the API process until the data behind them
// changes. Each test here reads an answer (so it is kept), changes the data the way the product
// does (a rank run, an upload bumping the estate version, a value run, a case moving), and expects
// the very next request to see the change.

let h: ApiHarness;
let sites: Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>;
let scoreRunId: number;
beforeAll(async () => {
  h = await startApiHarness();
  sites = await seedEstate(h.t);
  scoreRunId = (await sql<{ id: number }>`SELECT id FROM score_runs`.execute(h.t.db)).rows[0]!.id;
  await rankRun(1, [sites.none, sites.early, sites.pipeline, sites.released]);
});
afterAll(async () => h?.close());

/** A rank run as the rank worker stores it: the order, with the filter columns copied beside it. */
async function rankRun(estateVersion: number, order: SeededSite[]): Promise<void> {
  await h.t.db.transaction().execute(async (trx) => {
    const run = await sql<{ id: number }>`
      INSERT INTO rank_runs (estate_version, score_run_id, model_version) VALUES (${estateVersion}, ${scoreRunId}, 'test-v1') RETURNING id`.execute(
      trx,
    );
    for (const [i, site] of order.entries()) {
      await sql`
        INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons, borough_gss, sub_region, condition_class, surplus_score)
        SELECT ${run.rows[0]!.id}, s.id, ${i + 1}, ${90 - i}, 'sale', '["a reason"]'::jsonb, s.borough_gss, s.sub_region, sc.condition_class, sc.surplus_score
        FROM sites s JOIN site_scores sc ON sc.site_id = s.id AND sc.score_run_id = ${scoreRunId} WHERE s.id = ${site.siteId}`.execute(
        trx,
      );
    }
  });
}

/** A value run as the value worker stores it: new valuations and the run, in one transaction. */
async function valueRun(
  estateVersion: number,
  site: SeededSite,
  homes: number,
  marketValuePence: number,
): Promise<void> {
  await h.t.db.transaction().execute(async (trx) => {
    await sql`INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes, euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
              VALUES (${site.siteId}, 1, 'refurbish', 'valuation-v2', 'test-v1', ${homes}, 1, 1, ${marketValuePence}, 1, '{}'::jsonb)`.execute(
      trx,
    );
    await sql`INSERT INTO value_runs (estate_version, assumption_set_id, sites_valued) VALUES (${estateVersion}, 'valuation-v2', 1)`.execute(
      trx,
    );
  });
}

const board = (url: string) => h.app.inject({ url, headers: h.bearer('board') });
const housing = (url: string) => h.app.inject({ url, headers: h.bearer('housing') });
const rankedIds = async (url = '/api/ranked'): Promise<number[]> =>
  (await board(url)).json<{ sites: Array<{ siteId: number }> }>().sites.map((s) => s.siteId);
const landOf = async (url: string) =>
  (await housing(url)).json<{
    total: number;
    sites: Array<{ siteId: number; status: string; homes: number | null; name: string }>;
  }>();
const ogcIds = async (collection: string): Promise<number[]> =>
  (await housing(`/ogc/collections/${collection}/items?bbox=-0.2,51.5,-0.05,51.6&limit=100`))
    .json<{ features: Array<{ id: number }> }>()
    .features.map((f) => f.id);
// Near Angel: the released (Islington) and pipeline (Camden) sites are both within 1.5 km.
const NEAR = '/api/land?near=-0.104121,51.532378&within=1500';

describe('kept answers are never older than the data', () => {
  it('keeps the ranked list keys and serves each valuer role the same kept answer; housing is still refused', async () => {
    const res = await board('/api/ranked?limit=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['estateVersion', 'limit', 'offset', 'sites', 'total']);
    expect(Object.keys(body.sites[0]).sort()).toEqual(
      [
        'borough',
        'boroughName',
        'conditionClass',
        'conditionScore',
        'homes',
        'marketValuePence',
        'name',
        'netReceiptPence',
        'priority',
        'rank',
        'reasons',
        'route',
        'siteAreaHa',
        'siteId',
        'source',
        'sourceRef',
        'subRegion',
        'surplusScore',
        'tenure',
      ].sort(),
    );
    expect(body.sites[0]).toMatchObject({
      rank: 1,
      siteId: sites.none.siteId,
      reasons: ['a reason'],
      marketValuePence: 987654321,
      homes: 240,
    });
    expect((await h.app.inject({ url: '/api/ranked?limit=2', headers: h.bearer('officer') })).body).toBe(res.body);
    expect((await housing('/api/ranked?limit=2')).statusCode).toBe(403);
  });

  it('shows a new rank run at once', async () => {
    expect(await rankedIds()).toEqual([
      sites.none.siteId,
      sites.early.siteId,
      sites.pipeline.siteId,
      sites.released.siteId,
    ]);
    expect(await rankedIds('/api/ranked?borough=camden')).toEqual([sites.pipeline.siteId]);
    await rankRun(2, [sites.released, sites.pipeline, sites.early, sites.none]);
    expect(await rankedIds()).toEqual([
      sites.released.siteId,
      sites.pipeline.siteId,
      sites.early.siteId,
      sites.none.siteId,
    ]);
    expect((await board('/api/ranked')).json().estateVersion).toBe(2);
  });

  it('shows a changed site at once when its upload bumps the estate version', async () => {
    expect((await landOf(NEAR)).sites.map((s) => s.name)).toContain('Pipeline Health Centre');
    expect((await board('/api/ranked?borough=E09000007')).json().sites[0].name).toBe('Pipeline Health Centre');
    await h.t.db.transaction().execute(async (trx) => {
      await sql`UPDATE sites SET name = 'Renamed Health Centre', data_version = data_version + 1 WHERE id = ${sites.pipeline.siteId}`.execute(
        trx,
      );
      await sql`UPDATE estate_state SET version = version + 1`.execute(trx);
    });
    expect((await landOf(NEAR)).sites.map((s) => s.name)).toContain('Renamed Health Centre');
    expect((await board('/api/ranked?borough=E09000007')).json().sites[0].name).toBe('Renamed Health Centre');
  });

  it('shows new valuations at once when their value run lands', async () => {
    expect((await landOf(NEAR)).sites.find((s) => s.siteId === sites.released.siteId)?.homes).toBe(97);
    await valueRun(3, sites.released, 120, 111_111_111);
    expect((await landOf(NEAR)).sites.find((s) => s.siteId === sites.released.siteId)?.homes).toBe(120);
  });

  it('shows a case moving stage, or a new case, at once in land and OGC items', async () => {
    expect((await landOf(NEAR)).sites.map((s) => [s.siteId, s.status])).toEqual([
      [sites.released.siteId, 'released'],
      [sites.pipeline.siteId, 'pipeline'],
    ]);
    expect(await ogcIds('pipeline-land')).toEqual([sites.pipeline.siteId]);
    expect(await ogcIds('released-land')).toEqual([sites.released.siteId]);

    await sql`UPDATE cases SET stage = 'completed', closed_at = now() WHERE site_id = ${sites.pipeline.siteId}`.execute(
      h.t.db,
    );
    expect((await landOf(NEAR)).sites.map((s) => [s.siteId, s.status])).toEqual([
      [sites.released.siteId, 'released'],
      [sites.pipeline.siteId, 'released'],
    ]);
    expect(await ogcIds('pipeline-land')).toEqual([]);
    expect(await ogcIds('released-land')).toEqual([sites.released.siteId, sites.pipeline.siteId]);

    const before = (await landOf('/api/land')).total;
    await sql`INSERT INTO cases (site_id, stage) VALUES (${sites.none.siteId}, 'marketing')`.execute(h.t.db);
    expect((await landOf('/api/land')).total).toBe(before + 1);
  });

  it('moves the cases counter once per committed transaction, and not for one rolled back', async () => {
    const counter = async (): Promise<number> =>
      Number((await sql<{ version: string }>`SELECT version FROM cases_version`.execute(h.t.db)).rows[0]!.version);
    const start = await counter();
    await h.t.db.transaction().execute(async (trx) => {
      await sql`UPDATE cases SET version = version + 1`.execute(trx);
      await sql`UPDATE cases SET version = version + 1`.execute(trx);
      // Deferred to commit: nothing moves while the transaction is open.
      expect(
        Number((await sql<{ version: string }>`SELECT version FROM cases_version`.execute(trx)).rows[0]!.version),
      ).toBe(start);
    });
    expect(await counter()).toBe(start + 1);
    await expect(
      h.t.db.transaction().execute(async (trx) => {
        await sql`UPDATE cases SET version = version + 1`.execute(trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await counter()).toBe(start + 1);
  });
});
