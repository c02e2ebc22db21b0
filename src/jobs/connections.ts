import { Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { logger } from '../log.js';
import { DEFAULT_JOB_OPTIONS, JOB_NAMES, type JobName } from './registry.js';

const log = logger('queues');

/**
 * Workers block on Redis and must retry forever; producers (API, CLI) must fail at once
 * when Redis is down so the caller hears about it (503), hence two kinds of connection.
 */
export function workerRedis(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', (e) => log.warn({ err: e.message }, 'worker redis connection error'));
  return redis;
}

export function producerRedis(url: string, extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, ...extra });
  redis.on('error', (e) => log.warn({ err: e.message }, 'producer redis connection error'));
  return redis;
}

export type Queues = { [N in JobName]: Queue };

export function openQueues(connection: Redis, prefix: string): Queues {
  const queues = {} as Queues;
  for (const name of JOB_NAMES) {
    const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    queue.on('error', (e) => log.warn({ queue: name, err: e.message }, 'queue error'));
    queues[name] = queue;
  }
  return queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
