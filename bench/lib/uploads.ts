import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db/connect.js';
import { storeUpload } from '../../src/db/uploads.js';
import type { UploadSource } from '../../src/domain/records.js';
import { closeQueues, openQueues, producerRedis } from '../../src/jobs/connections.js';
import { relayOnce } from '../../src/jobs/relay.js';

/** Stores files as uploads exactly as `estates ingest` does, and hands the outbox to Redis at once. */
export async function uploadFiles(
  db: Db,
  config: Config,
  files: Array<{ file: string; source: UploadSource }>,
): Promise<number[]> {
  const ids: number[] = [];
  for (const { file, source } of files) {
    const bytes = await readFile(file);
    const stored = await db
      .transaction()
      .execute((trx) => storeUpload(trx, { source, filename: path.basename(file), bytes, uploadedBy: 'bench' }));
    ids.push(stored.upload.uploadId);
  }
  await relay(db, config);
  return ids;
}

export async function relay(db: Db, config: Config): Promise<void> {
  const redis = producerRedis(config.REDIS_URL, { lazyConnect: true });
  await redis.connect();
  const queues = openQueues(redis, config.QUEUE_PREFIX);
  try {
    while ((await relayOnce(db, queues)) > 0);
  } finally {
    await closeQueues(queues);
    await redis.quit();
  }
}

export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20 * 60_000,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface UploadState {
  status: string;
  estate_version: number | null;
  rows_accepted: number;
  rows_rejected: number;
}

export async function uploadStates(db: Db, ids: number[]): Promise<UploadState[]> {
  const result =
    await sql<UploadState>`SELECT status, estate_version, rows_accepted, rows_rejected FROM uploads WHERE id = ANY(${ids}::int[]) ORDER BY id`.execute(
      db,
    );
  return result.rows;
}

/** Every upload ingested (or failed). */
export async function allIngested(db: Db, ids: number[]): Promise<boolean> {
  const states = await uploadStates(db, ids);
  if (states.some((s) => s.status === 'failed')) throw new Error('bench: an upload failed');
  return states.length === ids.length && states.every((s) => s.status === 'ingested');
}

export async function rankedVersion(db: Db): Promise<number> {
  const result = await sql<{ v: number | null }>`SELECT max(estate_version) AS v FROM rank_runs`.execute(db);
  return result.rows[0]?.v ?? -1;
}

/** Ingested, and the ranked list includes what every upload changed: what `estates ingest --wait` waits for. */
export async function allRanked(db: Db, ids: number[]): Promise<boolean> {
  if (!(await allIngested(db, ids))) return false;
  const states = await uploadStates(db, ids);
  const needed = Math.max(...states.map((s) => s.estate_version ?? -1));
  return (await rankedVersion(db)) >= needed;
}

export async function accepted(db: Db, ids: number[]): Promise<{ accepted: number; rejected: number }> {
  const states = await uploadStates(db, ids);
  return {
    accepted: states.reduce((a, s) => a + s.rows_accepted, 0),
    rejected: states.reduce((a, s) => a + s.rows_rejected, 0),
  };
}

export const seconds = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e9;
