import pg from 'pg';
import { migrateAndLoadReference } from '../../src/app-context.js';
import { loadConfig, type Config } from '../../src/config.js';
import { dropDatabaseWhenFree } from '../../src/db/admin.js';
import { connectDb, type Db } from '../../src/db/connect.js';

export interface BenchDatabase {
  name: string;
  url: string;
  db: Db;
  config: Config;
  drop(): Promise<void>;
}

export const baseConfig = (): Config => loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });

export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(baseConfig().DATABASE_URL, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database of its own for one benchmark (estates_bench_<name>), so a
 * figure never depends on what an earlier run or another engineer's test left behind.
 */
let runTag = (process.env.BENCH_TAG ?? 'run').toLowerCase().replace(/[^a-z0-9_]/g, '_');

/** Names this run's databases (estates_bench_<tag>_…), so the smoke test never drops a real run's database. */
export function setBenchTag(tag: string): void {
  runTag = tag.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export async function createBenchDatabase(
  label: string,
  overrides: Record<string, string> = {},
): Promise<BenchDatabase> {
  const name = `estates_bench_${runTag}_${label.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = databaseUrl(baseConfig().DATABASE_URL, name);
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    QUEUE_PREFIX: `bench-${name}-${process.pid}`,
    ...overrides,
  });
  const db = connectDb(url, { maxConnections: 4 });
  await migrateAndLoadReference(db);
  return {
    name,
    url,
    db,
    config,
    drop: async () => {
      await db.destroy();
      if (process.env.BENCH_KEEP_DATABASES === '1') return;
      // Best effort: a session another role holds open (a monitor, someone's psql) must not lose the figures.
      try {
        await withAdmin((client) => dropDatabaseWhenFree((text) => client.query(text), name));
      } catch (e) {
        process.stderr.write(`bench: could not drop ${name} (${(e as Error).message}); drop it by hand\n`);
      }
    },
  };
}
