import { pipelineVersions } from '../db/pipeline.js';
import { uploadSummary, type UploadSummary } from '../db/uploads.js';
import { EstatesError } from '../errors.js';
import { workersServing } from '../jobs/connections.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import type { CliContext } from './context.js';
import { progressLine } from './output.js';

/**
 * Runs the workers in this process when none serves our queues (our prefix, our Redis database),
 * so `--wait` works on a machine where nobody started `estates workers`.
 */
export async function ensureWorkers(ctx: CliContext): Promise<RunningWorkers | null> {
  const queues = await ctx.queues();
  const connected = await workersServing(queues.ingest);
  if (connected > 0) return null;
  return startWorkers(ctx.config, await ctx.db());
}

/**
 * Polls `check` until it returns a result, showing its progress line, with workers running
 * (in this process if none is connected) for as long as it waits.
 */
async function waitWithWorkers<T>(
  ctx: CliContext,
  what: string,
  check: () => Promise<{ progress: string; result?: T }>,
  timeoutMs = 30 * 60_000,
): Promise<T> {
  const workers = await ensureWorkers(ctx);
  const line = progressLine();
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const { progress, result } = await check();
      line.update(progress);
      if (result !== undefined) return result;
      if (Date.now() > deadline)
        throw new EstatesError('service_unavailable', `gave up waiting for ${what}: ${progress}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    line.done();
    if (workers) await workers.stop();
  }
}

const describe = (u: UploadSummary): string =>
  `upload ${u.uploadId} (${u.source}, ${u.filename}): ${u.status}, read ${u.read}, accepted ${u.accepted}, rejected ${u.rejected}`;

/** Waits until the uploads have gone through the whole pipeline (or failed), showing progress. */
export async function waitForUploads(
  ctx: CliContext,
  uploadIds: number[],
  options: { timeoutMs?: number } = {},
): Promise<UploadSummary[]> {
  const db = await ctx.db();
  return waitWithWorkers(
    ctx,
    `upload ${uploadIds.join(', ')}`,
    async () => {
      const summaries = await Promise.all(uploadIds.map((id) => uploadSummary(db, id)));
      const missing = uploadIds.filter((_, i) => !summaries[i]);
      if (missing.length > 0) throw new EstatesError('not_found', `no upload ${missing.join(', ')}`);
      const known = summaries as UploadSummary[];
      const finished = known.every((u) => u.status === 'done' || u.status === 'failed');
      return { progress: known.map(describe).join(' | '), result: finished ? known : undefined };
    },
    options.timeoutMs,
  );
}

/** Waits until the ranked list reflects an estate version (scored, valued, ranked). */
export async function waitForEstateVersion(
  ctx: CliContext,
  estateVersion: number,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const db = await ctx.db();
  await waitWithWorkers(
    ctx,
    `estate version ${estateVersion}`,
    async () => {
      const v = await pipelineVersions(db);
      return {
        progress: `estate version ${estateVersion}: scored ${v.scored ?? '—'}, valued ${v.valued ?? '—'}, ranked ${v.ranked ?? '—'}`,
        result: (v.ranked ?? -1) >= estateVersion ? true : undefined,
      };
    },
    options.timeoutMs,
  );
}
