import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { saveRejections, type RejectionRow } from '../../src/db/uploads.js';
import { addUser } from '../../src/db/users.js';
import { REJECTION_LIMITS } from '../../src/domain/rejection-limits.js';
import { closeQueues, openQueues, producerRedis } from '../../src/jobs/connections.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { obliterateQueues } from '../support/queues.js';
import { ingestInProcess, registerBytes } from '../support/steps.js';

/**
 * Rejections are kept in full up to a cap per upload and counted by code for every row; the
 * report is served a page at a time (JSON) or streamed (CSV); a file mostly rejected from its
 * first rows is refused whole, writing none of its sites.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await obliterateQueues(t.config);
  await t.drop();
});

const rejected = (from: number, n: number, code: string): RejectionRow[] =>
  Array.from({ length: n }, (_, i) => ({
    row: from + i,
    raw: { 'Property Reference': `NHSPS-${from + i}`, Easting: 'x' },
    problems: [{ field: 'Easting', code, message: 'not a number' }],
  }));

describe('rejections kept up to a cap, counted for all', () => {
  it('keeps the first 10,000 rows in full, counts every one by code, and serves them a page at a time', async () => {
    const upload = await sql<{ id: number }>`
      INSERT INTO uploads (source, filename, sha256, size_bytes, raw, uploaded_by, status)
      VALUES ('nhsps', 'many.csv', ${'c'.repeat(64)}, 1, '\\x00', 't', 'ingested') RETURNING id`.execute(t.db);
    const uploadId = upload.rows[0]!.id;
    // Three batches as the worker writes them: the counters move in the same transaction.
    let before = 0;
    for (const [from, n, code] of [
      [2, 6_000, 'not_a_number'],
      [6_002, 6_000, 'missing'],
      [12_002, 500, 'not_a_number'],
    ] as const) {
      await t.db.transaction().execute(async (trx) => {
        await saveRejections(trx, uploadId, rejected(from, n, code), before);
        await trx
          .updateTable('uploads')
          .set({ rows_rejected: before + n, rows_read: before + n })
          .where('id', '=', uploadId)
          .execute();
      });
      before += n;
    }
    const stored = await t.db
      .selectFrom('upload_rejections')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('upload_id', '=', uploadId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(REJECTION_LIMITS.rowsKeptInFull);

    const redis = producerRedis(t.config.REDIS_URL);
    const queues = openQueues(redis, t.config.QUEUE_PREFIX);
    const app = await buildApp({ config: t.config, db: t.db, redis, queues });
    const officer = await addUser(t.db, 'rejections-admin', 'admin');
    const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${officer.token}` } });
    try {
      const summary = (await get(`/api/uploads/${uploadId}`)).json();
      expect(summary.rejectedByCode).toEqual({ missing: 6_000, not_a_number: 6_500 });
      const rows: number[] = [];
      let after = 0;
      let pages = 0;
      for (;;) {
        const page = (await get(`/api/uploads/${uploadId}/rejections?limit=3000&after=${after}`)).json();
        expect(page).toMatchObject({ rejected: 12_500, kept: 10_000, byCode: { missing: 6_000, not_a_number: 6_500 } });
        rows.push(...page.rejections.map((r: { row: number }) => r.row));
        pages += 1;
        if (page.nextAfter === null) break;
        after = page.nextAfter;
      }
      expect(pages).toBe(4);
      expect(rows).toHaveLength(10_000);
      expect(rows[0]).toBe(2);
      expect(rows.at(-1)).toBe(10_001);
      const csv = await get(`/api/uploads/${uploadId}/rejections?format=csv`);
      const lines = csv.body.split('\r\n');
      expect(lines[0]).toBe('file,row,field,code,message,Easting,Property Reference');
      expect(lines).toHaveLength(10_002); // header, 10,000 rows, the empty string after the last CRLF
      expect(lines[1]).toBe('many.csv,2,Easting,not_a_number,not a number,x,NHSPS-2');
      expect((await get(`/api/uploads/${uploadId}/rejections?limit=10001`)).statusCode).toBe(400);
    } finally {
      await app.close();
      await closeQueues(queues);
      await redis.quit();
    }
  });
});

describe('an upload mostly rejected', () => {
  it('is refused whole from its first batch: failed with the reason, none of its sites written, its rejections kept', async () => {
    const good = Array.from({ length: 40 }, (_, i) => `NHSPS-G${i},Good ${i},529110,186912,0.4,1800,60,1972`);
    const bad = Array.from({ length: 80 }, (_, i) => `NHSPS-B${i},Bad ${i},not-an-easting,186912,0.4,1800,60,1972`);
    await ingestInProcess(t, 'nhsps', 'wrong-file.csv', registerBytes([...good, ...bad]));
    const upload = await t.db
      .selectFrom('uploads')
      .select(['id', 'status', 'error', 'rows_read', 'rows_rejected'])
      .where('filename', '=', 'wrong-file.csv')
      .executeTakeFirstOrThrow();
    expect(upload.status).toBe('failed');
    expect(upload.error).toMatch(
      /^80 of the first 120 rows were rejected \(most often \w+, 80 rows\), so nothing from this file was used/,
    );
    expect(upload).toMatchObject({ rows_read: 120, rows_rejected: 80 });
    const sites = await t.db.selectFrom('sites').select('id').where('source_ref', 'like', 'NHSPS-G%').execute();
    expect(sites).toEqual([]);
    const kept = await t.db
      .selectFrom('upload_rejections')
      .select('row_number')
      .where('upload_id', '=', upload.id)
      .execute();
    expect(kept).toHaveLength(80);
    // the same file with most rows good is ingested, its bad rows rejected
    await ingestInProcess(
      t,
      'nhsps',
      'mostly-good.csv',
      registerBytes([...good, ...good.map((g) => g.replace('NHSPS-G', 'NHSPS-H')), ...bad.slice(0, 70)]),
    );
    const fine = await t.db
      .selectFrom('uploads')
      .select(['status'])
      .where('filename', '=', 'mostly-good.csv')
      .executeTakeFirstOrThrow();
    expect(fine.status).toBe('ingested');
  });
});
