import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_NAMES } from '../../src/jobs/registry.js';
import type { Config } from '../../src/config.js';

/** Removes every queue key under a test's own prefix. */
export async function obliterateQueues(config: Config): Promise<void> {
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  try {
    for (const name of JOB_NAMES) {
      const queue = new Queue(name, { connection, prefix: config.QUEUE_PREFIX });
      await queue.obliterate({ force: true });
      await queue.close();
    }
  } finally {
    await connection.quit();
  }
}
