import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectScopedDb } from '../../../src/db/connect.js';
import { appendAccessLog } from '../../../src/db/access-log.js';
import { envFor, runCli } from '../../support/cli.js';
import { seedEstate, startApiHarness, type ApiHarness, type SeededSite } from './harness.js';

let h: ApiHarness;
let sites: Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>;
beforeAll(async () => {
  h = await startApiHarness();
  sites = await seedEstate(h.t);
  const scoreRun = (await sql<{ id: number }>`SELECT id FROM score_runs`.execute(h.t.db)).rows[0]!.id;
  const run = await sql<{ id: number }>`
    INSERT INTO rank_runs (estate_version, score_run_id, model_version) VALUES (1, ${scoreRun}, 'test-v1') RETURNING id`.execute(
    h.t.db,
  );
  await sql`INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons, borough_gss, sub_region, condition_class, surplus_score)
            SELECT ${run.rows[0]!.id}, s.id, row_number() OVER (ORDER BY s.id), 50, 'sale', '["a reason"]', s.borough_gss, s.sub_region, sc.condition_class, sc.surplus_score
            FROM sites s JOIN site_scores sc ON sc.site_id = s.id`.execute(h.t.db);
  await sql`INSERT INTO value_runs (estate_version, assumption_set_id, sites_valued) VALUES (1, 'valuation-v1', 4)`.execute(
    h.t.db,
  );
});
afterAll(async () => h?.close());

type Entry = {
  user: string;
  role: string;
  org: string | null;
  route: string;
  url: string;
  what: string;
  siteIds: number[];
};
const log = async (query = ''): Promise<Entry[]> => {
  const res = await h.app.inject({ url: `/api/access-log${query}`, headers: h.bearer('admin') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ entries: Entry[] }>().entries;
};
const read = (url: string, role: 'officer' | 'board' | 'housing' | 'admin') =>
  h.app.inject({ url, headers: h.bearer(role) });

describe('the access log', () => {
  it('records who read which site’s valuation, the ranked list with values and an export, and nothing for housing', async () => {
    expect(await log()).toEqual([]);
    expect((await read(`/api/sites/${sites.pipeline.siteId}`, 'board')).statusCode).toBe(200);
    expect((await read(`/api/sites/${sites.pipeline.siteId}`, 'housing')).statusCode).toBe(200);
    expect((await read('/api/ranked?limit=2', 'officer')).statusCode).toBe(200);
    // The same page again is served from the cache, and is a read all the same.
    expect((await read('/api/ranked?limit=2', 'officer')).statusCode).toBe(200);
    expect((await read('/api/ranked.csv', 'board')).statusCode).toBe(200);
    expect((await read('/api/land', 'housing')).statusCode).toBe(200);

    const entries = await log();
    expect(entries.map((e) => [e.user, e.what])).toEqual([
      ['test-board', 'export'],
      ['test-officer', 'ranked list'],
      ['test-officer', 'ranked list'],
      ['test-board', 'valuation'],
    ]);
    const all = Object.values(sites)
      .map((s) => s.siteId)
      .sort((a, b) => a - b);
    expect(entries[0]).toMatchObject({ role: 'board', org: null, route: 'GET /api/ranked.csv', siteIds: all });
    expect(entries[1]).toMatchObject({
      role: 'officer',
      org: 'NHSPS',
      route: 'GET /api/ranked',
      url: '/api/ranked?limit=2',
      siteIds: all.slice(0, 2),
    });
    expect(entries[3]).toMatchObject({
      route: 'GET /api/sites/:id',
      url: `/api/sites/${sites.pipeline.siteId}`,
      siteIds: [sites.pipeline.siteId],
    });
    expect(Date.now() - new Date((entries[0] as unknown as { at: string }).at).getTime()).toBeLessThan(120_000);
  });

  it('filters by user and since, and is the admin’s alone', async () => {
    expect((await log('?user=test-board')).map((e) => e.what)).toEqual(['export', 'valuation']);
    expect(await log('?since=2999-01-01')).toEqual([]);
    expect((await log('?since=2000-01-01')).length).toBe(4);
    expect((await read('/api/access-log', 'board')).statusCode).toBe(403);
    expect(
      (await h.app.inject({ url: '/api/access-log?since=2026-02-30', headers: h.bearer('admin') })).statusCode,
    ).toBe(400);
  });

  it('cannot be changed or emptied, not even by the system, and a caller can only log their own reads', async () => {
    await expect(sql`UPDATE access_log SET user_name = 'someone else'`.execute(h.t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM access_log`.execute(h.t.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE access_log`.execute(h.t.db)).rejects.toThrow(/append-only/);
    expect((await log()).length).toBe(4);

    const asOfficer = connectScopedDb(h.t.config.DATABASE_URL, () => ({
      actor: 'officer',
      org: 'NHSPS',
      user: 'test-officer',
    }));
    try {
      const read = {
        role: 'officer',
        org: 'NHSPS',
        route: 'GET /x',
        url: '/x',
        what: 'valuation' as const,
        siteIds: [],
      };
      await expect(appendAccessLog(asOfficer, { ...read, user: 'test-board' })).rejects.toThrow(/row-level security/);
      await appendAccessLog(asOfficer, { ...read, user: 'test-officer' });
      // and an officer may not read the log back
      expect(await asOfficer.selectFrom('access_log').select('id').execute()).toEqual([]);
    } finally {
      await asOfficer.destroy();
    }
  });

  it('is what `estates access-log --user U --json` prints', { timeout: 120_000 }, async () => {
    const result = await runCli(['access-log', '--user', 'test-officer', '--json'], envFor(h.t.config));
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { entries: Entry[] };
    expect(printed).toEqual({ entries: await log('?user=test-officer') });
    expect(printed.entries.map((e) => e.what)).toEqual(['valuation', 'ranked list', 'ranked list']);
    const bad = await runCli(['access-log', '--since', 'yesterday'], envFor(h.t.config));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since must be a day (yyyy-mm-dd) or an ISO instant');
  });
});
