import type { Job } from 'bullmq';
import { storeUpload } from '../../src/db/uploads.js';
import type { UploadSource } from '../../src/domain/records.js';
import type { WorkerDeps } from '../../workers/processor.js';
import { ingestUpload } from '../../workers/ingest.worker.js';
import type { TestDatabase } from './database.js';

/**
 * A job as a worker's processor sees it, without Redis: its data, a fixed timestamp (the year
 * scored) and a progress sink are all the processors read.
 */
export const stepJob = (data: unknown): Job =>
  ({ data, timestamp: Date.UTC(2026, 10, 23), updateProgress: async () => undefined }) as unknown as Job;

export const stepDeps = (t: TestDatabase): WorkerDeps => ({ db: t.db, config: t.config, nudgeRelay: () => undefined });

/** Stores the bytes as an upload; returns its id. */
export async function storeTestUpload(
  t: TestDatabase,
  source: UploadSource,
  filename: string,
  bytes: Uint8Array,
): Promise<number> {
  return t.db
    .transaction()
    .execute(async (trx) => (await storeUpload(trx, { source, filename, bytes, uploadedBy: 'test' })).upload.uploadId);
}

/** Stores the bytes as an upload and runs the ingest worker's processor on it, in this process. */
export async function ingestInProcess(
  t: TestDatabase,
  source: UploadSource,
  filename: string,
  bytes: Uint8Array,
): ReturnType<typeof ingestUpload> {
  return ingestUpload(stepJob({ uploadId: await storeTestUpload(t, source, filename, bytes) }), stepDeps(t));
}

/** A small NHSPS register: the header the pipeline tests use and one CSV line per site. */
export const registerBytes = (rows: readonly string[]): Uint8Array =>
  new TextEncoder().encode(
    `Property Reference,Property Name,Easting,Northing,Site Area (ha),GIA (m2),Occupancy (%),Year Built\n${rows.join('\n')}\n`,
  );
