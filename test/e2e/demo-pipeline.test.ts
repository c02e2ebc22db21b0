import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, runCli } from '../support/cli.js';

let t: TestDatabase;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  ({ t, env } = await openTestEstate());
  dir = await mkdtemp(path.join(tmpdir(), 'estates-demo-'));
});

afterAll(() => closeTestEstate(t));

const count = async (
  table: 'sites' | 'uploads' | 'survey_blocks' | 'site_history' | 'upload_rejections',
): Promise<number> =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the demo estate through the real CLI and workers', () => {
  it('writes the same bytes for the same seed', async () => {
    const a = await runCli(['demo-data', '--sites', '120', '--seed', '7', '--out', path.join(dir, 'a'), '--json'], env);
    const b = await runCli(['demo-data', '--sites', '120', '--seed', '7', '--out', path.join(dir, 'b'), '--json'], env);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const file of ['nhsps-register.csv', 'chp-lift-register.xlsx', 'condition-surveys.csv']) {
      expect(Buffer.compare(await readFile(path.join(dir, 'a', file)), await readFile(path.join(dir, 'b', file)))).toBe(
        0,
      );
    }
  });

  it('ingests a register with --wait: every row read is accepted or rejected, and the upload reaches done', async () => {
    const result = await runCli(
      ['ingest', path.join(dir, 'a', 'nhsps-register.csv'), '--source', 'nhsps', '--wait', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const upload = JSON.parse(result.stdout) as {
      uploadId: number;
      status: string;
      read: number;
      accepted: number;
      rejected: number;
    };
    expect(upload.status).toBe('done');
    expect(upload.read).toBeGreaterThan(90);
    expect(upload.accepted + upload.rejected).toBe(upload.read);
    expect(upload.rejected).toBeGreaterThan(0);
    expect(await count('sites')).toBe(upload.accepted);
    expect(await count('upload_rejections')).toBe(upload.rejected);
    const manifest = JSON.parse(await readFile(path.join(dir, 'a', 'manifest.json'), 'utf8')) as {
      badRows: Array<{ file: string; row: number; expectedCode: string }>;
    };
    const rejections = await t.db
      .selectFrom('upload_rejections')
      .select(['row_number', 'problems'])
      .where('upload_id', '=', upload.uploadId)
      .execute();
    for (const bad of manifest.badRows.filter((b) => b.file === 'nhsps-register.csv')) {
      const hit = rejections.find((r) => r.row_number === bad.row);
      expect(hit, `row ${bad.row} should be rejected with ${bad.expectedCode}`).toBeDefined();
      expect(hit!.problems.map((p) => p.code)).toContain(bad.expectedCode);
    }
  });

  it('ranks every placed site with reasons, and `rank --json` keeps its key names', async () => {
    const result = await runCli(['rank', '--top', '5', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const list = JSON.parse(result.stdout) as {
      estateVersion: number;
      total: number;
      sites: Array<Record<string, unknown>>;
    };
    expect(list.total).toBe(await count('sites'));
    expect(list.sites).toHaveLength(5);
    expect(Object.keys(list.sites[0]!).sort()).toEqual(
      [
        'boroughName',
        'borough',
        'conditionClass',
        'conditionScore',
        'homes',
        'marketValue',
        'name',
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
    expect(list.sites.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const s of list.sites) expect((s.reasons as string[]).length).toBeGreaterThan(0);
  });

  // Two whole demos, each CLI call allowed 180 s: the demo also records ten years of case history.
  it('runs the whole demo twice without ingesting anything twice', async () => {
    const first = await runCli(['demo', '--no-serve', '--sites', '150', '--seed', '11'], env, { timeoutMs: 180_000 });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/ranked sites/);
    const sitesAfterFirst = await count('sites');
    const uploadsAfterFirst = await count('uploads');
    const historyAfterFirst = await count('site_history');
    const second = await runCli(['demo', '--no-serve', '--sites', '150', '--seed', '11'], env, { timeoutMs: 180_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(await count('sites')).toBe(sitesAfterFirst);
    expect(await count('uploads')).toBe(uploadsAfterFirst);
    expect(await count('site_history')).toBe(historyAfterFirst);
    const shown = await runCli(['uploads', '--json'], env);
    const uploads = JSON.parse(shown.stdout) as Array<{
      status: string;
      read: number;
      accepted: number;
      rejected: number;
    }>;
    for (const u of uploads) {
      expect(u.status).toBe('done');
      expect(u.accepted + u.rejected).toBe(u.read);
    }
    const queues = JSON.parse((await runCli(['queues', '--json'], env)).stdout) as Array<{
      queue: string;
      counts: Record<string, number>;
      failed: unknown[];
    }>;
    expect(queues.map((q) => q.queue)).toEqual(expect.arrayContaining(['ingest', 'score', 'value', 'rank']));
    for (const q of queues) expect(q.counts.failed ?? 0).toBe(0);
    expect(queues.find((q) => q.queue === 'ingest')!.counts.completed).toBeGreaterThanOrEqual(3);
  }, 360_000);
});
