import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { databaseUrl, testConfig, withAdminClient } from '../support/services.js';
import { runCli } from '../support/cli.js';

describe('estates services up', () => {
  it('creates the database named in DATABASE_URL with PostGIS when it is missing, and a second call changes nothing', async () => {
    const base = testConfig();
    const name = `estates_svc_${randomBytes(4).toString('hex')}`;
    const env = { DATABASE_URL: databaseUrl(base.DATABASE_URL, name) };
    try {
      const first = await runCli(['services', 'up', '--json'], env);
      expect(first.code, first.stderr).toBe(0);
      const status = JSON.parse(first.stdout) as {
        postgres: { reachable: boolean; postgis: string | null };
        redis: { reachable: boolean };
      };
      expect(status.postgres.reachable).toBe(true);
      expect(status.postgres.postgis).toMatch(/^3\./);
      expect(status.redis.reachable).toBe(true);
      expect(first.stderr).toMatch(new RegExp(`creating database ${name}`));
      const second = await runCli(['services', 'up', '--json'], env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).not.toMatch(/creating|\$ /);
      expect(JSON.parse(second.stdout)).toEqual(status);
    } finally {
      await withAdminClient(base, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });
});
