import type { Config } from '../config.js';
import { loadConfig } from '../config.js';
import type { Db } from '../db/connect.js';
import { openDatabase } from '../app-context.js';
import { closeQueues, openQueues, producerRedis, type Queues } from '../jobs/connections.js';
import type { Redis } from 'ioredis';
import { relayOnce } from '../jobs/relay.js';
import { EstatesError } from '../errors.js';

/** What a CLI command may open; everything opened is closed by close(). */
export class CliContext {
  readonly config: Config = loadConfig();
  private database: Db | undefined;
  private redis: Redis | undefined;
  private queueSet: Queues | undefined;

  async db(): Promise<Db> {
    this.database ??= await openDatabase(this.config);
    return this.database;
  }

  /** The producer connection to Redis (sign-in throttles, queues). */
  async producer(): Promise<Redis> {
    if (!this.redis) {
      this.redis = producerRedis(this.config.REDIS_URL, { lazyConnect: true });
      try {
        await this.redis.connect();
      } catch (e) {
        throw new EstatesError(
          'service_unavailable',
          `Redis at ${this.config.REDIS_URL} is not reachable (${(e as Error).message}). Run \`npx estates services up\`, or \`docker compose up -d\`.`,
          { cause: e },
        );
      }
    }
    return this.redis;
  }

  async queues(): Promise<Queues> {
    this.queueSet ??= openQueues(await this.producer(), this.config.QUEUE_PREFIX);
    return this.queueSet;
  }

  /** Hands committed outbox rows to Redis now rather than waiting for a worker's relay. */
  async relay(): Promise<void> {
    const db = await this.db();
    const queues = await this.queues();
    while ((await relayOnce(db, queues)) > 0);
  }

  async close(): Promise<void> {
    if (this.queueSet) await closeQueues(this.queueSet);
    if (this.redis) await this.redis.quit().catch(() => undefined);
    if (this.database) await this.database.destroy();
  }
}
