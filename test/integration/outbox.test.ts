import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { storeUpload } from '../../src/db/uploads.js';
import { openQueues, closeQueues, type Queues } from '../../src/jobs/connections.js';
import { relayOnce } from '../../src/jobs/relay.js';
import { reconcile } from '../../src/jobs/reconcile.js';
import { JOB_ID_PATTERN, jobIdFor, JOB_NAMES } from '../../src/jobs/registry.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { obliterateQueues } from '../support/queues.js';

let t: TestDatabase;
let redis: Redis;
let queues: Queues;

beforeAll(async () => {
  t = await createTestDatabase();
  redis = new Redis(t.config.REDIS_URL, { maxRetriesPerRequest: null });
  queues = openQueues(redis, t.config.QUEUE_PREFIX);
});

afterAll(async () => {
  await closeQueues(queues);
  await redis.quit();
  await obliterateQueues(t.config);
  await t.drop();
});

const bytes = new TextEncoder().encode('Property Reference,Easting,Northing\nNHSPS-T1,530000,180000\n');

describe('uploads, outbox and relay', () => {
  it('stores the same file once and enqueues it once', async () => {
    const first = await t.db
      .transaction()
      .execute((trx) => storeUpload(trx, { source: 'nhsps', filename: 'a.csv', bytes, uploadedBy: 'test' }));
    const second = await t.db
      .transaction()
      .execute((trx) =>
        storeUpload(trx, { source: 'nhsps', filename: 'renamed.csv', bytes, uploadedBy: 'someone else' }),
      );
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.upload.uploadId).toBe(first.upload.uploadId);
    expect(first.upload.sha256).toMatch(/^[0-9a-f]{64}$/);
    const raw = await t.db
      .selectFrom('uploads')
      .select(['raw', 'filename'])
      .where('id', '=', first.upload.uploadId)
      .executeTakeFirstOrThrow();
    expect(Buffer.compare(raw.raw, Buffer.from(bytes))).toBe(0);
    expect(raw.filename).toBe('a.csv');
    const outbox = await t.db.selectFrom('outbox').selectAll().execute();
    expect(outbox.map((o) => o.job_id)).toEqual([`upload-${first.upload.uploadId}`]);
  });

  it('relays the outbox to BullMQ with the deterministic id, and a second relay adds nothing', async () => {
    expect(await relayOnce(t.db, queues)).toBe(1);
    expect(await relayOnce(t.db, queues)).toBe(0);
    const jobs = await queues.ingest.getJobs(['waiting', 'delayed', 'active']);
    expect(jobs.map((j) => j.id)).toEqual(['upload-1']);
  });

  it('re-enqueues unfinished uploads from Postgres after Redis lost everything', async () => {
    await obliterateQueues(t.config);
    expect(await queues.ingest.getJobs(['waiting'])).toHaveLength(0);
    const first = await reconcile(t.db);
    expect(first.uploads).toBe(1);
    // a second reconcile before the relay writes no second pending row
    await reconcile(t.db);
    const pending = await t.db.selectFrom('outbox').select('job_id').where('delivered_at', 'is', null).execute();
    // no score-v0: the upload's own finish enqueues the score step
    expect(pending.map((p) => p.job_id).sort()).toEqual(['upload-1']);
    await relayOnce(t.db, queues);
    expect((await queues.ingest.getJobs(['waiting'])).map((j) => j.id)).toEqual(['upload-1']);
  });

  it('builds every job id in the form BullMQ accepts', () => {
    const samples: Record<string, unknown> = {
      ingest: { uploadId: 12 },
      score: { estateVersion: 3 },
      value: { estateVersion: 0 },
      rank: { estateVersion: 99 },
      deadlines: { day: '2026-11-23' },
    };
    for (const name of JOB_NAMES) expect(jobIdFor(name, samples[name] as never)).toMatch(JOB_ID_PATTERN);
  });
});
