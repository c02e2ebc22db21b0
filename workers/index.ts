import { getHeapStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { Worker, UnrecoverableError, type Job } from 'bullmq';
import { ZodError } from 'zod';
import type { Config } from '../src/config.js';
import type { Db } from '../src/db/connect.js';
import { openQueues, closeQueues, workerRedis, producerRedis } from '../src/jobs/connections.js';
import { JOB_NAMES, type JobName } from '../src/jobs/registry.js';
import { startRelay } from '../src/jobs/relay.js';
import { reconcile } from '../src/jobs/reconcile.js';
import { logger } from '../src/log.js';
import { ingestUpload } from './ingest.worker.js';
import { scoreEstate } from './score.worker.js';
import { valueEstate } from './value.worker.js';
import { rankEstate } from './rank.worker.js';
import { checkDeadlines } from './deadlines.worker.js';
import type { ProcessorMap, WorkerDeps } from './processor.js';

const log = logger('workers');

// A queue without a processor, or a processor for no queue, does not compile.
export const processors = {
  ingest: ingestUpload,
  score: scoreEstate,
  value: valueEstate,
  rank: rankEstate,
  deadlines: checkDeadlines,
} satisfies ProcessorMap;

export interface RunningWorkers {
  /** Stops taking jobs, finishes the ones in hand (up to the grace period), then closes everything it opened. */
  stop(): Promise<void>;
}

async function within<T>(ms: number, work: Promise<T>): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long a job's lock lasts without renewal. Scoring, valuing and ranking the whole estate
 * hold the event loop for a minute or more at 100,000 sites, so the lock cannot be renewed
 * meanwhile; with BullMQ's 30 s the job counted as stalled, ran twice, then failed for good under
 * its deterministic id (which the reconciler can then never re-add). Ingest yields between
 * batches and keeps the default, so a killed worker's upload is picked up again within a minute.
 */
const lockDurationMs = (name: JobName): number => (name === 'ingest' || name === 'deadlines' ? 30_000 : 10 * 60_000);

/** Starts every processor, the outbox relay and the reconciler, in this process. */
export async function startWorkers(config: Config, db: Db): Promise<RunningWorkers> {
  const consumer = workerRedis(config.REDIS_URL);
  const producer = producerRedis(config.REDIS_URL);
  const queues = openQueues(producer, config.QUEUE_PREFIX);
  const relay = startRelay(db, queues);
  const deps: WorkerDeps = { db, config, nudgeRelay: () => relay.nudge() };

  const workers = JOB_NAMES.map((name) => {
    const worker = new Worker(
      name,
      async (job: Job) => {
        try {
          return await processors[name](job, deps);
        } catch (e) {
          // A payload that does not parse will never parse: do not retry it.
          if (e instanceof ZodError) throw new UnrecoverableError(`invalid ${name} payload: ${e.message}`);
          throw e;
        } finally {
          relay.nudge();
        }
      },
      {
        connection: consumer,
        prefix: config.QUEUE_PREFIX,
        concurrency: config.WORKER_CONCURRENCY,
        lockDuration: lockDurationMs(name),
      },
    );
    worker.on('error', (e) => log.warn({ queue: name, err: e.message }, 'worker error'));
    worker.on('failed', (job, e) =>
      log.warn({ queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: e.message }, 'job failed'),
    );
    return worker;
  });

  const runReconcile = async (): Promise<void> => {
    try {
      await reconcile(db);
      relay.nudge();
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'reconcile failed; will retry');
    }
  };
  await runReconcile();
  // One scheduler id, upserted: every worker process may call this at start and there is still one daily check.
  await queues.deadlines.upsertJobScheduler(
    'deadlines-daily',
    { pattern: '0 6 * * *', tz: 'Europe/London' },
    { name: 'deadlines', data: {} },
  );
  const reconcileTimer = setInterval(() => void runReconcile(), config.RECONCILE_INTERVAL_MS);
  const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  log.info(
    { queues: JOB_NAMES, concurrency: config.WORKER_CONCURRENCY, thread: !isMainThread, heapLimitMb },
    'workers started',
  );

  return {
    stop: async () => {
      clearInterval(reconcileTimer);
      await relay.stop();
      const drained = await within(config.SHUTDOWN_GRACE_MS, Promise.all(workers.map((w) => w.close())));
      if (drained === 'timeout') {
        log.warn(
          { graceMs: config.SHUTDOWN_GRACE_MS },
          'jobs still running after the grace period; their work will be redone',
        );
        await Promise.all(workers.map((w) => w.close(true)));
      }
      await closeQueues(queues);
      await Promise.all([consumer.quit(), producer.quit()]);
      log.info('workers stopped');
    },
  };
}
