import { claimOutbox, markDelivered } from '../db/outbox.js';
import type { Db } from '../db/connect.js';
import { logger } from '../log.js';
import type { Queues } from './connections.js';
import { DEFAULT_JOB_OPTIONS } from './registry.js';

const log = logger('relay');

/**
 * Moves committed outbox rows to BullMQ. A crash between add() and the delivered mark only
 * re-adds the same job id, which BullMQ ignores. Jobs are added one by one with their ids:
 * addBulk does not dedupe.
 */
export async function relayOnce(db: Db, queues: Queues, batchSize = 200): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const entries = await claimOutbox(trx, batchSize);
    for (const entry of entries) {
      await queues[entry.job_name].add(entry.job_name, entry.payload, { ...DEFAULT_JOB_OPTIONS, jobId: entry.job_id });
    }
    await markDelivered(
      trx,
      entries.map((e) => e.id),
    );
    return entries.length;
  });
}

export interface Relay {
  /** Relays now instead of at the next tick (called after a step commits). */
  nudge(): void;
  stop(): Promise<void>;
}

export function startRelay(db: Db, queues: Queues, intervalMs = 250): Relay {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    if (stopped) return;
    clearTimeout(timer);
    running = running
      .then(async () => {
        while (!stopped && (await relayOnce(db, queues)) > 0);
      })
      .catch((e: unknown) => log.warn({ err: (e as Error).message }, 'outbox relay failed; will retry'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    nudge: tick,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
