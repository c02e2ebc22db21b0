import type { Job } from 'bullmq';
import type { Transaction } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { addToOutbox } from '../src/db/outbox.js';
import { currentEstateVersion, lockStep } from '../src/db/pipeline.js';
import {
  claimUploadForIngest,
  failUpload,
  finishUpload,
  lockUploadProgress,
  markUploadIngesting,
  unfinishedUploadIds,
} from '../src/db/uploads.js';
import { FileUnreadable, readIngestRecords, type FileReading } from '../src/ingest/index.js';
import { outlinesAsGeoJson } from './outline-file.js';
import { parsePayload, type JobResult } from '../src/jobs/registry.js';
import { logger } from '../src/log.js';
import { prepareBatch, writeBatch, type IngestOutcome, type PreparedBatch } from './ingest-batch.js';
import { loadBoroughGrid } from '../src/db/placement.js';
import { WriteBehind } from '../src/jobs/write-behind.js';
import type { WorkerDeps } from './processor.js';

const log = logger('ingest');

export interface IngestProgress {
  uploadId: number;
  read: number;
  accepted: number;
  rejected: number;
}

/**
 * PostgreSQL refuses some values whatever the retry (SQLSTATE class 22, data exceptions: a NUL
 * byte in a cell, a number out of range). Retrying such a batch only exhausted the job's attempts
 * and left the upload "ingesting" for ever under a job id the reconciler cannot re-add; the
 * upload fails with the reason instead.
 */
function refusedData(e: unknown, firstRow: number, lastRow: number): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('22')) return null;
  const message = (e as Error).message;
  // jsonb and text both refuse U+0000; the raw row is stored as jsonb, so that refusal comes first.
  const nul = /0x00|Unicode escape/.test(message)
    ? ' (a cell holds a NUL character, which PostgreSQL cannot store)'
    : '';
  return `rows ${firstRow}-${lastRow} of the file could not be stored: ${message}${nul}`;
}

/** A batch PostgreSQL refuses whatever the retry; the upload fails naming the batch's rows. */
class BatchRefused extends Error {}

/**
 * Streams an upload's rows through its adapter and writes them in batches, each in one
 * transaction with the upload's counters. A restarted job skips the rows already committed,
 * so a crash redoes at most the batch it was in, and nothing is written twice.
 */
export async function ingestUpload(job: Job, { db, config }: WorkerDeps): Promise<JobResult<'ingest'>> {
  const { uploadId } = parsePayload('ingest', job.data);
  const upload = await db.transaction().execute(async (trx) => {
    const claimed = await claimUploadForIngest(trx, uploadId);
    if (claimed && claimed.status === 'queued') await markUploadIngesting(trx, uploadId);
    return claimed;
  });
  if (!upload) return { skipped: `upload ${uploadId} is being ingested by another worker or does not exist` };
  if (upload.status === 'ingested' || upload.status === 'failed')
    return { skipped: `upload ${uploadId} is already ${upload.status}` };

  const progress: IngestProgress = {
    uploadId,
    read: upload.rowsRead,
    accepted: upload.rowsAccepted,
    rejected: upload.rowsRejected,
  };
  const boroughs = await loadBoroughGrid(db);
  const commitBatch = async (batch: PreparedBatch, rowsCommittedAfter: number): Promise<void> => {
    const result = await db
      .transaction()
      .execute(async (trx) => {
        // Re-check under the row lock: another worker may have committed this batch meanwhile.
        const current = await lockUploadProgress(trx, uploadId);
        if (!current || current.rowsCommitted >= rowsCommittedAfter) return null;
        return writeBatch(trx, uploadId, batch, rowsCommittedAfter, current);
      })
      .catch((e: unknown) => {
        // Named by this batch's own rows: by the time a refusal surfaces, the next batch is read.
        const reason = refusedData(e, batch.firstRow, batch.lastRow);
        throw reason === null ? e : new BatchRefused(reason);
      });
    if (!result) return;
    progress.read += result.read;
    progress.accepted += result.accepted;
    progress.rejected += result.rejected;
    await job.updateProgress({ ...progress });
    if (result.refused) throw new BatchRefused(result.refused);
  };

  // The next batch is read, validated, placed and serialised while the last one is written
  // (PostgreSQL on one core, Node on the other); batches still commit in file order, so
  // rows_committed marks where a restart resumes.
  const writes = new WriteBehind();
  const handOver = async (outcomes: IngestOutcome[], rowsCommittedAfter: number): Promise<void> => {
    const batch = await prepareBatch(db, outcomes, boroughs);
    await writes.add(() => commitBatch(batch, rowsCommittedAfter));
  };

  let position = 0;
  let batch: IngestOutcome[] = [];
  let readAs: FileReading | null = null;
  try {
    // Outlines may come as a GeoPackage or a zipped Shapefile: GDAL turns them into GeoJSON first.
    const raw = upload.source === 'boundaries' ? await outlinesAsGeoJson(upload.raw, upload.filename) : upload.raw;
    for await (const outcome of readIngestRecords(upload.source, raw, {
      filename: upload.filename,
      ...upload.options,
      uploadedYear: upload.uploadedYear,
      onRead: (reading) => {
        readAs = reading;
      },
    })) {
      position += 1;
      if (position <= upload.rowsCommitted) continue;
      // Rows come from memory through promises alone, so without a turn of the event loop the
      // batch being written could not even begin its transaction until this one was prepared.
      if (position % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
      batch.push(outcome);
      if (batch.length >= config.INGEST_BATCH_ROWS) {
        await handOver(batch, position);
        batch = [];
      }
    }
    if (batch.length > 0) await handOver(batch, position);
    await writes.drain();
  } catch (e) {
    // A batch still being written commits or fails on its own; the upload's fate waits for it.
    await writes.drain().catch(() => undefined);
    const reason = e instanceof FileUnreadable || e instanceof BatchRefused ? e.message : null;
    if (reason === null) throw e;
    await db.transaction().execute((trx) => endUpload(trx, uploadId, { failed: reason }, readAs));
    log.warn({ uploadId, reason }, 'upload could not be read');
    return progress;
  }

  await db.transaction().execute((trx) => endUpload(trx, uploadId, 'ingested', readAs));
  log.info(progress, 'upload ingested');
  return progress;
}

/**
 * Marks the upload ingested (or failed) and, if it is the last of the uploads in hand to end,
 * starts the score of the estate. Files uploaded together (a register and its surveys) are then
 * scored once, not once per file: at 100,000 sites a whole-estate score, value and rank is tens
 * of seconds, and the first run was superseded before it finished. Uploads end one at a time
 * (an advisory lock), so of two ending together the second sees the first's end; the reconciler
 * starts a score too once nothing is left ingesting.
 */
async function endUpload(
  trx: Transaction<Database>,
  uploadId: number,
  outcome: 'ingested' | { failed: string },
  readAs: FileReading | null,
): Promise<void> {
  await lockStep(trx, 'upload-end');
  const estateVersion = await currentEstateVersion(trx);
  if (outcome === 'ingested') await finishUpload(trx, uploadId, estateVersion, readAs);
  else await failUpload(trx, uploadId, outcome.failed, readAs);
  const stillIngesting = (await unfinishedUploadIds(trx)).filter((id) => id !== uploadId);
  if (stillIngesting.length === 0) await addToOutbox(trx, 'score', { estateVersion });
}
