import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Redis } from 'ioredis';
import { buildApp } from '../../../src/api/app.js';
import type { NewAccount } from '../../../src/db/users.js';
import { registerTestOrg, TEST_ORG, testAccount } from '../../support/accounts.js';
import type { Role } from '../../../src/domain/roles.js';
import { closeQueues, openQueues, producerRedis, type Queues } from '../../../src/jobs/connections.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { obliterateQueues } from '../../support/queues.js';

/** The organisation the harness's officer works for, and which owns everything seedEstate writes. */
export const HARNESS_ORG = TEST_ORG;

export interface ApiHarness {
  t: TestDatabase;
  app: FastifyInstance;
  redis: Redis;
  queues: Queues;
  accounts: Record<Role, NewAccount>;
  bearer(role: Role): { authorization: string };
  close(): Promise<void>;
}

/** A migrated database of its own, a producer Redis with its own prefix, the app, and one account per role. */
export async function startApiHarness(overrides: Record<string, string> = {}): Promise<ApiHarness> {
  const t = await createTestDatabase(overrides);
  const redis = producerRedis(t.config.REDIS_URL);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  const queues = openQueues(redis, t.config.QUEUE_PREFIX);
  const app = await buildApp({ config: t.config, db: t.db, redis, queues });
  const accounts = {} as Record<Role, NewAccount>;
  for (const role of ['officer', 'board', 'housing', 'admin'] as const)
    accounts[role] = await testAccount(t.db, `test-${role}`, role);
  return {
    t,
    app,
    redis,
    queues,
    accounts,
    bearer: (role) => ({ authorization: `Bearer ${accounts[role].token}` }),
    close: async () => {
      await app.close();
      await closeQueues(queues);
      const keys = await redis.keys(`${t.config.QUEUE_PREFIX}-rate-*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await obliterateQueues(t.config);
      await t.drop();
    },
  };
}

export interface SeededSite {
  siteId: number;
  sourceRef: string;
}

/**
 * A small estate written straight into the tables the workers own (scores, valuations, cases),
 * so the API can be read without running the pipeline. Coordinates are real London places.
 */
export async function seedEstate(
  t: TestDatabase,
): Promise<Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>> {
  await registerTestOrg(t.db);
  const upload = await sql<{ id: number }>`
    INSERT INTO uploads (source, filename, sha256, size_bytes, raw, uploaded_by, status, org_code)
    VALUES ('nhsps', 'seed.csv', ${'0'.repeat(64)}, 1, '\\x00', 'seed', 'ingested', ${HARNESS_ORG}) RETURNING id`.execute(
    t.db,
  );
  const uploadId = upload.rows[0]!.id;
  const site = async (
    ref: string,
    name: string,
    borough: string,
    subRegion: string,
    e: number,
    n: number,
    ha: number,
    gia: number,
  ): Promise<SeededSite> => {
    const r = await sql<{ id: number }>`
      INSERT INTO sites (source, source_ref, name, address, postcode, borough_gss, sub_region, placed_by, tenure, site_area_ha, gia_m2, geom, record, record_sha256, first_upload_id, last_upload_id, org_code)
      VALUES ('nhsps', ${ref}, ${name}, '1 High Street', 'N1 1AA', ${borough}, ${subRegion}, 'coordinates', 'freehold', ${ha}, ${gia},
              ST_SetSRID(ST_MakePoint(${e}::float8, ${n}::float8), 27700), '{}', ${ref.padEnd(64, '0').slice(0, 64)}, ${uploadId}, ${uploadId}, ${HARNESS_ORG})
      RETURNING id`.execute(t.db);
    return { siteId: r.rows[0]!.id, sourceRef: ref };
  };
  // Islington (near Angel), Camden (near King's Cross), Croydon (town centre), Westminster.
  const released = await site(
    'NHSPS-R1',
    '=HYPERLINK("x") Released Clinic',
    'E09000019',
    'NCL',
    531600,
    183200,
    1.234,
    2000,
  );
  const pipeline = await site('NHSPS-P1', 'Pipeline Health Centre', 'E09000007', 'NCL', 530200, 183100, 0.5, 800);
  const early = await site('NHSPS-E1', 'Early Case Surgery', 'E09000008', 'SWL', 532400, 165600, 2.0, 1200);
  const none = await site('NHSPS-N1', 'No Case Hospital', 'E09000033', 'NWL', 529500, 181000, 3.0, 5000);

  const run = await sql<{
    id: number;
  }>`INSERT INTO score_runs (estate_version, model_version, sites_scored) VALUES (1, 'test-v1', 4) RETURNING id`.execute(
    t.db,
  );
  const runId = run.rows[0]!.id;
  const classes: Array<[SeededSite, string, number]> = [
    [released, 'rebuild', 2000],
    [pipeline, 'refurbish', 800],
    [early, 'refurbish', 1200],
    [none, 'maintain', 5000],
  ];
  for (const [s, cls] of classes) {
    await sql`INSERT INTO site_scores (score_run_id, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus)
              VALUES (${runId}, ${s.siteId}, 1, ${cls}, 40, 55.5, ${JSON.stringify({ matrixCell: cls, escalators: [] })}::jsonb, ${JSON.stringify({ components: [{ name: 'unoccupied', input: 5 }] })}::jsonb)`.execute(
      t.db,
    );
  }
  const homes: Array<[SeededSite, number]> = [
    [released, 97],
    [pipeline, 40],
    [early, 150],
    [none, 240],
  ];
  for (const [s, h] of homes) {
    await sql`INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes, euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
              VALUES (${s.siteId}, 1, 'refurbish', 'valuation-v1', 'test-v1', ${h}, 123456789, 987654321, 987654321, 950000000, ${JSON.stringify({ gdvPence: 1 })}::jsonb)`.execute(
      t.db,
    );
  }
  await sql`INSERT INTO cases (site_id, stage, closed_at, org_code) VALUES (${released.siteId}, 'completed', now(), ${HARNESS_ORG})`.execute(
    t.db,
  );
  await sql`INSERT INTO cases (site_id, stage, org_code) VALUES (${pipeline.siteId}, 'due_diligence', ${HARNESS_ORG})`.execute(
    t.db,
  );
  await sql`INSERT INTO cases (site_id, stage, org_code) VALUES (${early.siteId}, 'surplus_declared', ${HARNESS_ORG})`.execute(
    t.db,
  );
  await sql`INSERT INTO survey_blocks (site_ref, block, survey_date, record, upload_id) VALUES (${released.sourceRef}, 'Main', '2017-03-01', '{"physical":"C"}', ${uploadId})`.execute(
    t.db,
  );
  return { released, pipeline, early, none };
}

/**
 * A concrete URL for a route pattern, for tests that walk every route: the seeded released-land
 * collection, a tile over central London, and `id` for every other parameter.
 */
export const concreteUrl = (pattern: string, id: number): string =>
  pattern
    .replace(':collectionId', 'released-land')
    .replace(':collection', 'released-land')
    .replace(':z/:x/:y', '14/8186/5447')
    .replace(/:[A-Za-z][A-Za-z0-9]*/g, String(id));
