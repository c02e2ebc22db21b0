import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRows, copyText } from '../../src/db/copy.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const awkward = [
  'tab\there',
  'two\nlines',
  'return\r',
  'back\\slash',
  '\\N',
  '',
  'Ünïcödé £ – “quoted”',
  '{"json": "text"}',
  null,
];

describe('COPY through a Kysely transaction', () => {
  it('stores every value exactly, null as null, and the same connection goes on answering ordinary queries', async () => {
    const stored = await t.db.transaction().execute(async (trx) => {
      await sql`CREATE TEMP TABLE copied (i int, value text, amount numeric) ON COMMIT DROP`.execute(trx);
      const rows = awkward
        .map((value, i) => `${i}\t${copyText(value)}\t${copyText(i === 3 ? Number.NaN : i * 1.5)}\n`)
        .join('');
      const copied = await copyRows('copied', ['i', 'value', 'amount'], rows).execute(trx);
      const back = await sql<{
        i: number;
        value: string | null;
        amount: string | null;
      }>`SELECT i, value, amount FROM copied ORDER BY i`.execute(trx);
      return { copied, back: back.rows };
    });
    expect(stored.back.map((r) => r.value)).toEqual(awkward);
    // A number that is not finite is no value, as JSON would have it.
    expect(stored.back.map((r) => r.amount)).toEqual(awkward.map((_, i) => (i === 3 ? null : String(i * 1.5))));
  });

  it('is refused by PostgreSQL as a data exception (class 22) when a value cannot be stored, and the transaction rolls back', async () => {
    const refused = await t.db
      .transaction()
      .execute(async (trx) => {
        await sql`CREATE TEMP TABLE refused (value text)`.execute(trx);
        await copyRows('refused', ['value'], 'fine\nnul\u0000byte\n').execute(trx);
      })
      .then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
    expect(refused?.code).toMatch(/^22/);
    const left = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_class WHERE relname = 'refused' AND relpersistence = 't'`.execute(t.db);
    expect(left.rows[0]?.n).toBe(0);
  });
});
