import { Migrator, type Migration } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { EstatesError } from '../errors.js';
import { logger } from '../log.js';
import type { Db } from './connect.js';

const log = logger('migrate');

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Applies every pending migration. Kysely runs them in one transaction on PostgreSQL
 * (transactional DDL), so a failing migration leaves the schema as it was, and takes an
 * advisory lock so two processes migrating at once do not collide.
 */
export async function migrateToLatest(db: Db, list: Record<string, Migration> = migrations): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => list },
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) log.info({ migration: r.migrationName, status: r.status }, 'migration');
  if (error)
    throw new EstatesError(
      'migration_failed',
      `schema migration failed: ${(error as Error).message ?? String(error)}`,
      { cause: error },
    );
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
