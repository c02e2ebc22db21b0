import { connectDb } from '../../src/db/connect.js';
import { migrateAndLoadReference } from '../../src/app-context.js';
import { TEMPLATE_DB, databaseUrl, requireServices, testConfig, withAdminClient } from './services.js';

/**
 * Migrates one template database for the whole run; each test file clones it (fast, and
 * isolated), as graphile-worker and immich do.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const config = testConfig();
  await requireServices(config);
  await withAdminClient(config, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const db = connectDb(databaseUrl(config.DATABASE_URL, TEMPLATE_DB), { maxConnections: 2 });
  try {
    await migrateAndLoadReference(db);
  } finally {
    await db.destroy();
  }
  return async () => {
    // Clones left by a crashed run are dropped at the next run's start (see database.ts).
  };
}
