import pg from 'pg';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config.js';

export const testConfig = (overrides: Record<string, string> = {}): Config =>
  loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...overrides });

export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

const HOW_TO_START =
  'Start the services with `npx estates services up` (Debian: installs and starts PostgreSQL+PostGIS and Redis) or `docker compose up -d`, or point DATABASE_URL / REDIS_URL at running servers.';

/** A missing service fails the suite with the fix; nothing skips. */
export async function requireServices(config: Config): Promise<void> {
  const client = new pg.Client({
    connectionString: databaseUrl(config.DATABASE_URL, 'postgres'),
    connectionTimeoutMillis: 3_000,
  });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${config.DATABASE_URL}: ${(e as Error).message}. ${HOW_TO_START}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(`Redis is not reachable at ${config.REDIS_URL}: ${(e as Error).message}. ${HOW_TO_START}`);
  } finally {
    redis.disconnect();
  }
}

export async function withAdminClient<T>(config: Config, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(config.DATABASE_URL, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
