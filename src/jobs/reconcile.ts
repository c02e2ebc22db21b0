import type { Db } from '../db/connect.js';
import { addToOutbox } from '../db/outbox.js';
import { pipelineVersions } from '../db/pipeline.js';
import { unfinishedUploadIds } from '../db/uploads.js';
import { logger } from '../log.js';

const log = logger('reconcile');

/**
 * Asks Postgres what is unfinished and writes outbox rows for it, so a Redis that lost its
 * data costs time, not data. Safe to run any number of times: job ids are deterministic and
 * the outbox skips a pending duplicate.
 */
export async function reconcile(db: Db): Promise<{ uploads: number; steps: string[] }> {
  return db.transaction().execute(async (trx) => {
    const uploadIds = await unfinishedUploadIds(trx);
    for (const uploadId of uploadIds) await addToOutbox(trx, 'ingest', { uploadId });
    const v = await pipelineVersions(trx);
    const steps: string[] = [];
    // Each step follows the one before it; only the first lagging step needs a nudge. While an
    // upload is still ingesting, its own finish enqueues the score: scoring the half-written
    // estate meanwhile would only block the ingest (scoring holds the worker's event loop).
    if ((v.scored ?? -1) < v.estate) {
      if (uploadIds.length === 0) {
        steps.push(await addToOutbox(trx, 'score', { estateVersion: v.estate }));
      }
    } else if ((v.valued ?? -1) < (v.scored ?? -1)) {
      steps.push(await addToOutbox(trx, 'value', { estateVersion: v.scored ?? 0 }));
    } else if ((v.ranked ?? -1) < (v.valued ?? -1)) {
      steps.push(await addToOutbox(trx, 'rank', { estateVersion: v.valued ?? 0 }));
    }
    if (uploadIds.length > 0 || steps.length > 0) log.info({ uploads: uploadIds, steps }, 'reconciled unfinished work');
    return { uploads: uploadIds.length, steps };
  });
}
