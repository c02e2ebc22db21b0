import { pipelineVersions } from '../db/pipeline.js';
import { uploadSummary, type UploadSummary } from '../db/uploads.js';
import { EstatesError } from '../errors.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import type { CliContext } from './context.js';
import { progressLine } from './output.js';

/**
 * Runs the workers in this process when none is connected to Redis, so `--wait` works on a
 * machine where nobody started `estates workers`.
 */
export async function ensureWorkers(ctx: CliContext): Promise<RunningWorkers | null> {
  const queues = await ctx.queues();
  const connected = await queues.ingest.getWorkersCount();
  if (connected > 0) return null;
  return startWorkers(ctx.config, await ctx.db());
}

const describe = (u: UploadSummary): string =>
  `upload ${u.uploadId} (${u.source}, ${u.filename}): ${u.status}, read ${u.read}, accepted ${u.accepted}, rejected ${u.rejected}`;

/** Waits until the upload has gone through the whole pipeline (or failed), showing progress. */
export async function waitForUploads(ctx: CliContext, uploadIds: number[], options: { timeoutMs?: number } = {}): Promise<UploadSummary[]> {
  const db = await ctx.db();
  const workers = await ensureWorkers(ctx);
  const line = progressLine();
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  try {
    for (;;) {
      const summaries = await Promise.all(uploadIds.map((id) => uploadSummary(db, id)));
      const missing = uploadIds.filter((_, i) => !summaries[i]);
      if (missing.length > 0) throw new EstatesError('not_found', `no upload ${missing.join(', ')}`);
      const known = summaries as UploadSummary[];
      line.update(known.map(describe).join(' | '));
      if (known.every((u) => u.status === 'done' || u.status === 'failed')) return known;
      if (Date.now() > deadline) throw new EstatesError('service_unavailable', `gave up waiting: ${known.map(describe).join('; ')}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    line.done();
    if (workers) await workers.stop();
  }
}

/** Waits until the ranked list reflects an estate version (scored, valued, ranked), running workers if none is. */
export async function waitForEstateVersion(ctx: CliContext, estateVersion: number, options: { timeoutMs?: number } = {}): Promise<void> {
  const db = await ctx.db();
  const workers = await ensureWorkers(ctx);
  const line = progressLine();
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  try {
    for (;;) {
      const v = await pipelineVersions(db);
      line.update(`estate version ${estateVersion}: scored ${v.scored ?? '—'}, valued ${v.valued ?? '—'}, ranked ${v.ranked ?? '—'}`);
      if ((v.ranked ?? -1) >= estateVersion) return;
      if (Date.now() > deadline) throw new EstatesError('service_unavailable', `gave up waiting for estate version ${estateVersion} to be ranked`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    line.done();
    if (workers) await workers.stop();
  }
}
