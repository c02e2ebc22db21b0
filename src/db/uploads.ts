import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyStream, copyText } from './copy.js';
import { rowsByCode, rowsToKeep } from '../domain/rejection-limits.js';
import { sql } from 'kysely';
import type { UploadSource } from '../domain/records.js';
import type { FileReading } from '../ingest/outcome.js';
import type { UploadOptions } from '../ingest/upload-options.js';
import { EstatesError } from '../errors.js';
import type { Executor } from './connect.js';
import { addToOutbox } from './outbox.js';

export type UploadPipelineStatus = 'queued' | 'ingesting' | 'processing' | 'done' | 'failed';

export interface UploadSummary {
  uploadId: number;
  source: string;
  filename: string;
  sha256: string;
  sizeBytes: number;
  uploadedBy: string;
  status: UploadPipelineStatus;
  read: number;
  accepted: number;
  rejected: number;
  /** Accepted survey blocks or boundaries whose site is not loaded yet: kept, and applied when it arrives. */
  waiting: number;
  /** Accepted rows that are sites (registers and ERIC); null for surveys and boundaries, whose rows are not sites. */
  sites: number | null;
  /** ERIC's accepted AGGRE rows (a trust's estate not attributed to a site: not sites); null for other sources. */
  trustTotals: number | null;
  /** Rejected rows by code: a row with reasons of two codes counts under each. */
  rejectedByCode: Record<string, number>;
  error: string | null;
  /** What the uploader said beyond the bytes (boundaries: crs, referenceProperty); part of the upload's identity. */
  options: UploadOptions;
  /** How the file was read (format, encoding, separator; a GeoJSON file's CRS and where it came from); null until it is. */
  readAs: FileReading | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface StoredUpload {
  upload: UploadSummary;
  /** False when the same bytes were already uploaded for this source: nothing new was stored. */
  created: boolean;
}

/**
 * Keeps the raw bytes and enqueues ingestion in one transaction. The same file for the same
 * source with the same options is the same upload: a second call returns the first and changes
 * nothing. With other options (a --reference-property after a refusal) it is a new upload.
 */
export async function storeUpload(
  trx: Executor,
  upload: {
    source: UploadSource;
    filename: string;
    bytes: Uint8Array;
    uploadedBy: string;
    /** The uploader's organisation, which comes to own the sites the upload brings. */
    orgCode?: string | null;
    options?: UploadOptions;
  },
): Promise<StoredUpload> {
  const options = JSON.stringify(upload.options ?? {});
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const inserted = await trx
    .insertInto('uploads')
    .values({
      source: upload.source,
      filename: upload.filename,
      sha256,
      size_bytes: upload.bytes.byteLength,
      raw: Buffer.from(upload.bytes),
      options,
      uploaded_by: upload.uploadedBy,
      org_code: upload.orgCode ?? null,
    })
    .onConflict((oc) => oc.columns(['source', 'sha256', 'options']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) await addToOutbox(trx, 'ingest', { uploadId: inserted.id });
  const id = inserted?.id ?? (await uploadWithBytes(trx, upload.source, sha256, options))?.id;
  // The same bytes are already an upload the caller may not see: another organisation's (migration 0510).
  if (id === undefined)
    throw new EstatesError('conflict', `another organisation has already uploaded this ${upload.source} file`);
  const summary = await uploadSummary(trx, id);
  if (!summary) throw new Error(`upload ${id} vanished`);
  return { upload: summary, created: inserted !== undefined };
}

/** The upload of these bytes with these options for this source, if there is one (the same file is one upload). */
const uploadWithBytes = (trx: Executor, source: UploadSource, sha256: string, options: string) =>
  trx
    .selectFrom('uploads')
    .select('id')
    .where('source', '=', source)
    .where('sha256', '=', sha256)
    .where('options', '=', sql<Record<string, unknown>>`${options}::jsonb`)
    .executeTakeFirst();

/** An upload's file already on disk, with its digest and size taken as it was received. */
export interface ReceivedFile {
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** The file's bytes as COPY text of a bytea (hex form, its backslash escaped), read from disk a chunk at a time. */
async function* byteaHex(path: string): AsyncGenerator<string> {
  yield '\\\\x';
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }))
    yield (chunk as Buffer).toString('hex');
}

const UPLOAD_COLUMNS = ['source', 'filename', 'sha256', 'size_bytes', 'options', 'uploaded_by', 'org_code', 'raw'];

/**
 * storeUpload for a file received to disk (POST /api/uploads): the same row and outbox entry,
 * but the bytes reach PostgreSQL by COPY a chunk at a time, so the API never holds the file
 * whole; a 95 MB register costs this process a few hundred kB, not 95 MB. The same bytes with
 * the same options for the same source are still one upload.
 */
export async function storeReceivedUpload(
  trx: Executor,
  upload: Omit<Parameters<typeof storeUpload>[1], 'bytes'> & { file: ReceivedFile },
): Promise<StoredUpload> {
  const options = JSON.stringify(upload.options ?? {});
  const existing = await uploadWithBytes(trx, upload.source, upload.file.sha256, options);
  if (existing) {
    const summary = await uploadSummary(trx, existing.id);
    if (!summary) throw new Error(`upload ${existing.id} vanished`);
    return { upload: summary, created: false };
  }
  const fields = [
    upload.source,
    upload.filename,
    upload.file.sha256,
    upload.file.sizeBytes,
    options,
    upload.uploadedBy,
    upload.orgCode ?? null,
  ];
  async function* row(): AsyncGenerator<string> {
    yield `${fields.map(copyText).join('\t')}\t`;
    yield* byteaHex(upload.file.path);
    yield '\n';
  }
  // PostgreSQL refuses COPY into a table with row-level security (uploads has it, migration 0510):
  // the row is copied into a temporary table, then inserted, where the policies check it.
  await sql`
    CREATE TEMP TABLE IF NOT EXISTS upload_incoming (
      source text, filename text, sha256 text, size_bytes integer, options jsonb, uploaded_by text, org_code text, raw bytea
    ) ON COMMIT DELETE ROWS
  `.execute(trx);
  await copyStream('upload_incoming', UPLOAD_COLUMNS, { pieces: row() }).execute(trx);
  // Two clients sending the same file at once both pass the check above: the second insert waits for
  // the first to commit, then does nothing, and answers with the first's upload.
  const inserted = await sql<{ id: number }>`
    INSERT INTO uploads (${sql.raw(UPLOAD_COLUMNS.join(', '))})
    SELECT ${sql.raw(UPLOAD_COLUMNS.join(', '))} FROM upload_incoming
    ON CONFLICT (source, sha256, options) DO NOTHING
    RETURNING id
  `.execute(trx);
  const created = inserted.rows[0];
  if (created) await addToOutbox(trx, 'ingest', { uploadId: created.id });
  const id = created?.id ?? (await uploadWithBytes(trx, upload.source, upload.file.sha256, options))?.id;
  if (id === undefined)
    throw new EstatesError('conflict', `another organisation has already uploaded this ${upload.source} file`);
  const summary = await uploadSummary(trx, id);
  if (!summary) throw new Error(`upload ${id} vanished`);
  return { upload: summary, created: created !== undefined };
}

const summaryQuery = (db: Executor) =>
  db.selectFrom('uploads as u').select([
    'u.id',
    'u.source',
    'u.filename',
    'u.sha256',
    'u.size_bytes',
    'u.uploaded_by',
    'u.status',
    'u.rows_read',
    'u.rows_accepted',
    'u.rows_rejected',
    'u.error',
    'u.read_as',
    'u.options',
    'u.created_at',
    'u.finished_at',
    'u.estate_version',
    sql<number | null>`(SELECT max(estate_version) FROM rank_runs)`.as('ranked_version'),
    // survey blocks (or boundaries) from this upload whose site is not loaded yet: kept, waiting for it
    sql<number>`(
        (SELECT count(*) FROM survey_blocks sb WHERE sb.upload_id = u.id AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.source_ref = sb.site_ref))
        + (SELECT count(*) FROM site_boundaries b WHERE b.upload_id = u.id AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.source_ref = b.site_ref))
      )::int`.as('waiting'),
    sql<number>`(SELECT count(*) FROM eric_trust_aggregates a WHERE a.upload_id = u.id)::int`.as('trust_totals'),
    // Every rejected row, by code: counted as each batch is written, beyond the rows kept in full.
    sql<Record<string, number>>`(
        SELECT coalesce(jsonb_object_agg(c.code, c.rows ORDER BY c.code), '{}'::jsonb)
        FROM upload_rejection_counts c WHERE c.upload_id = u.id
      )`.as('rejected_by_code'),
  ]);

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

/** An upload is done once it is ingested and the ranked list includes what it changed. */
function pipelineStatus(row: SummaryRow): UploadPipelineStatus {
  if (row.status === 'failed') return 'failed';
  if (row.status === 'queued') return 'queued';
  if (row.status === 'ingesting') return 'ingesting';
  if (row.estate_version !== null && (row.ranked_version ?? -1) < row.estate_version) return 'processing';
  return 'done';
}

/** Sources whose accepted rows are sites (ERIC's also include its trust totals). */
const SITE_SOURCES = new Set<string>(['nhsps', 'chp', 'eric']);

function toSummary(row: SummaryRow): UploadSummary {
  const trustTotals = row.source === 'eric' ? row.trust_totals : null;
  return {
    uploadId: row.id,
    source: row.source,
    filename: row.filename,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    uploadedBy: row.uploaded_by,
    status: pipelineStatus(row),
    read: row.rows_read,
    accepted: row.rows_accepted,
    rejected: row.rows_rejected,
    waiting: row.waiting,
    sites: SITE_SOURCES.has(row.source) ? row.rows_accepted - (trustTotals ?? 0) : null,
    trustTotals,
    rejectedByCode: row.rejected_by_code,
    error: row.error,
    options: row.options as UploadOptions,
    readAs: row.read_as,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

export async function uploadSummary(db: Executor, uploadId: number): Promise<UploadSummary | null> {
  const row = await summaryQuery(db).where('u.id', '=', uploadId).executeTakeFirst();
  return row ? toSummary(row) : null;
}

export async function listUploads(db: Executor, limit = 100): Promise<UploadSummary[]> {
  const rows = await summaryQuery(db).orderBy('u.id', 'desc').limit(limit).execute();
  return rows.map(toSummary);
}

export async function unfinishedUploadIds(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom('uploads')
    .select('id')
    .where('status', 'in', ['queued', 'ingesting'])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface UploadForIngest {
  id: number;
  source: UploadSource;
  filename: string;
  raw: Buffer;
  options: UploadOptions;
  /** The year it was uploaded in, what its rows' years are judged against (no year built after it). */
  uploadedYear: number;
  status: string;
  rowsCommitted: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
}

/** Locks the upload row so two workers never ingest the same upload at once. */
export async function claimUploadForIngest(trx: Executor, uploadId: number): Promise<UploadForIngest | null> {
  const row = await trx
    .selectFrom('uploads')
    .select([
      'id',
      'source',
      'filename',
      sql<number>`octet_length(raw)`.as('raw_bytes'),
      'options',
      sql<number>`extract(year FROM created_at)::int`.as('uploaded_year'),
      'status',
      'rows_committed',
      'rows_read',
      'rows_accepted',
      'rows_rejected',
    ])
    .where('id', '=', uploadId)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    source: row.source as UploadSource,
    filename: row.filename,
    raw: await readRawInSlices(trx, uploadId, Number(row.raw_bytes)),
    options: row.options as UploadOptions,
    uploadedYear: row.uploaded_year,
    status: row.status,
    rowsCommitted: row.rows_committed,
    rowsRead: row.rows_read,
    rowsAccepted: row.rows_accepted,
    rowsRejected: row.rows_rejected,
  };
}

/**
 * bytea comes back as hex text, so one SELECT of a 15 MB file held a 30 MB protocol message, a
 * 30 MB string and the bytes at once, and left the connection's read buffer at 30 MB for as long
 * as the pool kept it: a worker's memory grew with the file. In slices, only the bytes grow with it.
 */
const RAW_SLICE_BYTES = 4 * 1024 * 1024;

async function readRawInSlices(trx: Executor, uploadId: number, totalBytes: number): Promise<Buffer> {
  const raw = Buffer.allocUnsafe(totalBytes);
  for (let at = 0; at < totalBytes; at += RAW_SLICE_BYTES) {
    const slice = await sql<{
      part: Buffer;
    }>`SELECT substring(raw FROM ${at + 1} FOR ${RAW_SLICE_BYTES}) AS part FROM uploads WHERE id = ${uploadId}`.execute(
      trx,
    );
    const part = slice.rows[0]?.part;
    if (!part || part.length !== Math.min(RAW_SLICE_BYTES, totalBytes - at))
      throw new Error(`upload ${uploadId}: its raw file changed while being read`);
    part.copy(raw, at);
  }
  return raw;
}

/**
 * The same lock as claimUploadForIngest, for each batch, without the file: fetching the raw
 * bytes again per batch sent 15 MB as hex 21 times for a 100,000-row register.
 */
export async function lockUploadProgress(
  trx: Executor,
  uploadId: number,
): Promise<{ rowsCommitted: number; rowsRejected: number } | null> {
  const row = await trx
    .selectFrom('uploads')
    .select(['rows_committed', 'rows_rejected'])
    .where('id', '=', uploadId)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row ? { rowsCommitted: row.rows_committed, rowsRejected: row.rows_rejected } : null;
}

export async function markUploadIngesting(trx: Executor, uploadId: number): Promise<void> {
  await trx
    .updateTable('uploads')
    .set({ status: 'ingesting', started_at: sql`coalesce(started_at, now())` as never })
    .where('id', '=', uploadId)
    .execute();
}

/** Records a committed batch: the counters move in the same transaction as the rows. */
export async function recordBatch(
  trx: Executor,
  uploadId: number,
  batch: { rowsCommitted: number; read: number; accepted: number; rejected: number; estateVersion: number | null },
): Promise<void> {
  await trx
    .updateTable('uploads')
    .set((eb) => ({
      rows_committed: batch.rowsCommitted,
      rows_read: eb('rows_read', '+', batch.read),
      rows_accepted: eb('rows_accepted', '+', batch.accepted),
      rows_rejected: eb('rows_rejected', '+', batch.rejected),
      ...(batch.estateVersion !== null ? { estate_version: batch.estateVersion } : {}),
    }))
    .where('id', '=', uploadId)
    .execute();
}

export async function finishUpload(
  trx: Executor,
  uploadId: number,
  estateVersion: number,
  readAs: FileReading | null,
): Promise<void> {
  await trx
    .updateTable('uploads')
    .set({
      status: 'ingested',
      read_as: readAs && JSON.stringify(readAs),
      finished_at: new Date(),
      estate_version: sql`coalesce(estate_version, ${estateVersion})` as never,
    })
    .where('id', '=', uploadId)
    .execute();
}

export async function failUpload(
  trx: Executor,
  uploadId: number,
  error: string,
  readAs: FileReading | null,
): Promise<void> {
  await trx
    .updateTable('uploads')
    .set({ status: 'failed', error, read_as: readAs && JSON.stringify(readAs), finished_at: new Date() })
    .where('id', '=', uploadId)
    .execute();
}

export interface RejectionRow {
  row: number;
  raw: Record<string, string>;
  problems: Array<{ field: string; code: string; message: string }>;
}

/**
 * A batch's rejections: every row counted by code, and kept in full while the upload has fewer
 * than REJECTION_LIMITS.rowsKeptInFull (`alreadyRejected`: its rejected rows before this batch).
 */
export async function saveRejections(
  trx: Executor,
  uploadId: number,
  rejections: RejectionRow[],
  alreadyRejected: number,
): Promise<void> {
  if (rejections.length === 0) return;
  const kept = rejections.slice(0, rowsToKeep(alreadyRejected));
  if (kept.length > 0)
    await trx
      .insertInto('upload_rejections')
      .values(
        kept.map((r) => ({
          upload_id: uploadId,
          row_number: r.row,
          raw: JSON.stringify(r.raw),
          problems: JSON.stringify(r.problems),
        })),
      )
      .onConflict((oc) => oc.columns(['upload_id', 'row_number']).doNothing())
      .execute();
  await trx
    .insertInto('upload_rejection_counts')
    .values([...rowsByCode(rejections)].map(([code, rows]) => ({ upload_id: uploadId, code, rows })))
    .onConflict((oc) =>
      oc
        .columns(['upload_id', 'code'])
        .doUpdateSet((eb) => ({ rows: eb('upload_rejection_counts.rows', '+', eb.ref('excluded.rows')) })),
    )
    .execute();
}

/** One page of the rejected rows kept in full, in file order, after row `afterRow`. */
export async function listRejections(
  db: Executor,
  uploadId: number,
  limit = 1_000,
  afterRow = 0,
): Promise<RejectionRow[]> {
  const rows = await db
    .selectFrom('upload_rejections')
    .selectAll()
    .where('upload_id', '=', uploadId)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ row: r.row_number, raw: r.raw, problems: r.problems }));
}

/** Every kept rejected row, a page at a time, so no caller holds them all at once. */
export async function* eachRejection(db: Executor, uploadId: number, pageRows = 1_000): AsyncGenerator<RejectionRow> {
  let after = 0;
  for (;;) {
    const page = await listRejections(db, uploadId, pageRows, after);
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageRows) return;
    after = last.row;
  }
}

/** The columns of the rejected rows as read, in the order they first appear (for the CSV report's header). */
export async function rejectionColumns(db: Executor, uploadId: number): Promise<string[]> {
  const result = await sql<{ key: string }>`
    SELECT key FROM (
      SELECT DISTINCT ON (k.key) k.key, r.row_number, k.n
      FROM upload_rejections r CROSS JOIN LATERAL jsonb_object_keys(r.raw) WITH ORDINALITY AS k(key, n)
      WHERE r.upload_id = ${uploadId}
      ORDER BY k.key, r.row_number, k.n
    ) first ORDER BY row_number, n`.execute(db);
  return result.rows.map((r) => r.key);
}
