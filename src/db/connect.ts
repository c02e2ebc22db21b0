import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { CopyingClient } from './copy.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
/** Query functions take either; callers own the transaction, never nested. */
export type Executor = Kysely<Database> | Transaction<Database>;

export function connectDb(databaseUrl: string, options: { maxConnections?: number } = {}): Db {
  // Idle connections are kept five minutes, not pg's default ten seconds: a new connection's first
  // PostGIS query loads catalogues (100+ ms), which every burst of API requests after a quiet
  // spell paid again. Idle connections never keep a finished command's process alive.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
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
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
