import { Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { logger } from '../log.js';
import { DEFAULT_JOB_OPTIONS, type JobName } from './registry.js';

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
  const open = (name: JobName): Queue => {
    const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    queue.on('error', (e) => log.warn({ queue: name, err: e.message }, 'queue error'));
    return queue;
  };
  return {
    ingest: open('ingest'),
    score: open('score'),
    value: open('value'),
    rank: open('rank'),
    deadlines: open('deadlines'),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/**
 * How many workers serve this queue: ours only. BullMQ's getWorkers() reads CLIENT LIST, which
 * lists every client of the Redis server whatever database it selected, so another deployment
 * with the same prefix on another database index (staging beside production on one managed
 * Redis) would count as ours. Keep the clients on our database index. Where the server refuses
 * CLIENT LIST (GCP), BullMQ returns one entry without a `db` and we cannot tell: it counts, as
 * before, rather than starting a second set of workers beside ones we cannot see.
 */
export async function workersServing(queue: Queue): Promise<number> {
  const ourDb = String((await queue.getBackend().client).options.db ?? 0);
  const clients = await queue.getWorkers();
  return clients.filter((client) => client.db === undefined || client.db === ourDb).length;
}
