import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/config.js';
import { dropDatabaseWhenFree } from '../../src/db/admin.js';
import { connectDb, type Db } from '../../src/db/connect.js';
import { inject } from 'vitest';
import { databaseUrl, testConfig, withAdminClient } from './services.js';

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  config: Config;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, cloned from the template. */
export async function createTestDatabase(overrides: Record<string, string> = {}): Promise<TestDatabase> {
  const base = testConfig();
  const name = `estates_test_${randomBytes(5).toString('hex')}`;
  const template = inject('templateDb');
  await withAdminClient(base, async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (e) {
        // Another file cloning the template at the same moment: wait and try again.
        if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  const url = databaseUrl(base.DATABASE_URL, name);
  const config = testConfig({ DATABASE_URL: url, QUEUE_PREFIX: `test-${name}`, ...overrides });
  const db = connectDb(url, { maxConnections: 5 });
  return {
    name,
    url,
    db,
    config,
    drop: async () => {
      await db.destroy();
      await withAdminClient(base, (client) => dropDatabaseWhenFree((text) => client.query(text), name));
    },
  };
}
