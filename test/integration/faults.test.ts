import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { EstatesError } from '../../src/errors.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { databaseUrl, testConfig, withAdminClient } from '../support/services.js';
import { runCli } from '../support/cli.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t.drop();
});

describe('faults give one clear message, never a stack trace', () => {
  it('names the unreachable PostgreSQL and the fix', async () => {
    const result = await runCli(['uploads'], { DATABASE_URL: 'postgres://estates:secret@127.0.0.1:1/estates' });
    expect(result.code).toBe(69);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/PostgreSQL at postgres:\/\/estates:\*\*\*@127\.0\.0\.1:1\/estates is not reachable/);
    expect(result.stderr).toMatch(/estates services up/);
    expect(result.stderr).not.toMatch(/secret|\n\s+at /);
  });

  it('names the unreachable Redis and the fix when a file is queued', async () => {
    const result = await runCli(['ingest', 'docs/examples/nhsps.csv', '--source', 'nhsps'], {
      DATABASE_URL: t.url,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(result.code).toBe(69);
    expect(result.stderr).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1 is not reachable/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // the upload itself was kept: the reconciler queues it when Redis is back
    const uploads = await t.db.selectFrom('uploads').select(['status', 'filename']).execute();
    expect(uploads).toEqual([{ status: 'queued', filename: 'nhsps.csv' }]);
  });

  it('services status says what is not reachable and exits non-zero', async () => {
    const result = await runCli(['services', 'status', '--json'], {
      DATABASE_URL: 'postgres://estates:estates@127.0.0.1:1/estates',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(result.code).toBe(69);
    const status = JSON.parse(result.stdout) as { postgres: { reachable: boolean }; redis: { reachable: boolean } };
    expect(status.postgres.reachable).toBe(false);
    expect(status.redis.reachable).toBe(false);
  });
});

describe('a failing migration leaves the schema as it was', () => {
  it('rolls back every migration of the run, the good ones before it included', async () => {
    const name = `${t.name}_blank`;
    const base = testConfig();
    await withAdminClient(base, (client) => client.query(`CREATE DATABASE ${name}`));
    const db = connectDb(databaseUrl(base.DATABASE_URL, name), { maxConnections: 2 });
    try {
      const good = {
        up: async (k: Kysely<unknown>) => void (await sql`CREATE TABLE first_change (id int)`.execute(k)),
      };
      const bad = {
        up: async (k: Kysely<unknown>) =>
          void (await sql`CREATE TABLE second_change (id int REFERENCES no_such_table)`.execute(k)),
      };
      const failure = await migrateToLatest(db, { '9001_good': good, '9002_bad': bad }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(EstatesError);
      expect((failure as EstatesError).code).toBe('migration_failed');
      expect((failure as EstatesError).message).toMatch(/no_such_table/);
      const tables = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('first_change', 'second_change')`.execute(
        db,
      );
      expect(tables.rows[0]?.n).toBe(0);
    } finally {
      await db.destroy();
      await withAdminClient(base, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });
});
