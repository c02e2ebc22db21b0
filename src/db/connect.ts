import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { CopyingClient } from './copy.js';
import type { Database } from './schema.js';
import type { DbScope } from './scope.js';
import { ScopedPostgresDialect } from './scoped-driver.js';

export type Db = Kysely<Database>;
/** Query functions take either; callers own the transaction, never nested. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The workers' and the command line's database: they act for the system, so every connection
 * starts with `estates.actor = system`, which the row-level security policies (migration 0510)
 * let see and write everything.
 */
export function connectDb(databaseUrl: string, options: { maxConnections?: number } = {}): Db {
  const pool = openPool(databaseUrl, options.maxConnections ?? 10, '-c estates.actor=system');
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * The API's database: its connections start as nobody (nothing protected is visible), and every
 * statement runs in a transaction that first sets the scope `scopeNow()` gives (the caller's role,
 * organisation and name), so a query that forgets to filter by organisation still cannot leak.
 */
export function connectScopedDb(
  databaseUrl: string,
  scopeNow: () => DbScope,
  options: { maxConnections?: number } = {},
): Db {
  const pool = openPool(databaseUrl, options.maxConnections ?? 10, '-c estates.actor=nobody');
  return new Kysely<Database>({ dialect: new ScopedPostgresDialect({ pool }, scopeNow) });
}

function openPool(databaseUrl: string, max: number, startupOptions: string): pg.Pool {
  // Idle connections are kept five minutes, not pg's default ten seconds: a new connection's first
  // PostGIS query loads catalogues (100+ ms), which every burst of API requests after a quiet
  // spell paid again. Idle connections never keep a finished command's process alive.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    options: startupOptions,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 5 * 60_000,
    allowExitOnIdle: true,
    Client: CopyingClient,
  });
  // An idle client losing its server (a Postgres restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // A checked-out client has no pool listener: when the server goes away between two queries of a
  // transaction, its 'error' event would be uncaught and kill the process. The query in hand still
  // fails (and its job retries); the pool drops the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Parses a pg bigint string of pence; refuses anything beyond Number's safe range. */
export function parsePence(value: string | number | bigint): number {
  const pence = Number(value);
  if (!Number.isSafeInteger(pence)) throw new RangeError(`pence value ${String(value)} is not a safe integer`);
  return pence;
}

/** Parses a pg numeric string; null stays null. */
export function parseDecimal(value: string | number | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new RangeError(`numeric value ${String(value)} is not finite`);
  return n;
}
