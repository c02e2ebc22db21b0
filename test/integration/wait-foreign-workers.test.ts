import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeQueues, openQueues, workersServing } from '../../src/jobs/connections.js';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, REPO, runCli } from '../support/cli.js';

/**
 * Another deployment (staging beside production, another team) on the same Redis server with
 * the same queue prefix but another database index: CLIENT LIST shows its workers to everyone,
 * and `--wait` used to take them for ours and wait 30 minutes for an upload nobody would ingest.
 */
let t: TestDatabase;
let env: Record<string, string>;

/** A Redis URL on another database index than `url`'s (never 7, the reliability tests' own). */
function otherDatabase(url: string): string {
  const parsed = new URL(url);
  const ours = Number(parsed.pathname.slice(1) || '0');
  parsed.pathname = `/${ours === 5 ? 6 : 5}`;
  return parsed.toString();
}

/** An `estates workers`-style ingest worker: same queue name and prefix, on `url`'s database. */
async function ingestWorkerOn(url: string, prefix: string): Promise<{ worker: Worker; connection: Redis }> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const worker = new Worker(
    'ingest',
    async (): Promise<void> => {
      throw new Error('this worker belongs to another deployment and must never get our jobs');
    },
    { connection, prefix },
  );
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  // the blocking connection names itself once it starts waiting for jobs
  const queue = new Queue('ingest', { connection, prefix });
  for (let i = 0; i < 50 && (await queue.getWorkersCount()) === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await queue.close();
  return { worker, connection };
}

async function stop(running: { worker: Worker; connection: Redis }, prefix: string): Promise<void> {
  await running.worker.close();
  const queue = new Queue('ingest', { connection: running.connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await running.connection.quit();
}

beforeAll(async () => {
  ({ t, env } = await openTestEstate());
});

afterAll(() => closeTestEstate(t));

describe('workers serving our queues', () => {
  it('counts a worker on our database index and not one on another index with the same prefix', async () => {
    const prefix = t.config.QUEUE_PREFIX;
    const redis = new Redis(t.config.REDIS_URL, { maxRetriesPerRequest: null });
    const queues = openQueues(redis, prefix);
    const foreign = await ingestWorkerOn(otherDatabase(t.config.REDIS_URL), prefix);
    try {
      // BullMQ's own count sees the other deployment's worker: this is what we must not use
      expect(await queues.ingest.getWorkersCount()).toBe(1);
      expect(await workersServing(queues.ingest)).toBe(0);
      const ours = await ingestWorkerOn(t.config.REDIS_URL, prefix);
      try {
        expect(await workersServing(queues.ingest)).toBe(1);
      } finally {
        await ours.worker.close();
        await ours.connection.quit();
      }
    } finally {
      await stop(foreign, prefix);
      await closeQueues(queues);
      await redis.quit();
    }
  });

  it('runs the workers in-process for `ingest --wait` while only a foreign deployment’s worker is connected', async () => {
    const foreign = await ingestWorkerOn(otherDatabase(t.config.REDIS_URL), t.config.QUEUE_PREFIX);
    try {
      const result = await runCli(
        ['ingest', path.join(REPO, 'docs/examples/nhsps.csv'), '--source', 'nhsps', '--wait', '--json'],
        env,
        { timeoutMs: 90_000 },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'done', read: 3 });
    } finally {
      await stop(foreign, t.config.QUEUE_PREFIX);
    }
  }, 100_000);
});
