import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { connectDb } from '../../src/db/connect.js';
import { migrateAndLoadReference } from '../../src/app-context.js';
import { databaseUrl, requireServices, testConfig, withAdminClient } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/**
 * Migrates one template database for the whole run; each test file clones it (fast, and
 * isolated), as graphile-worker and immich do. The name is unique per run, so two runs on
 * one machine never clone each other's half-made template.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = testConfig();
  await requireServices(config);
  const templateDb = `estates_test_template_${randomBytes(4).toString('hex')}`;
  await withAdminClient(config, (client) => client.query(`CREATE DATABASE ${templateDb}`));
  const db = connectDb(databaseUrl(config.DATABASE_URL, templateDb), { maxConnections: 2 });
  try {
    await migrateAndLoadReference(db);
  } finally {
    await db.destroy();
  }
  project.provide('templateDb', templateDb);
  return async () => {
    await withAdminClient(config, (client) => client.query(`DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`));
  };
}
