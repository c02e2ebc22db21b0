import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { closeQueues, openQueues, producerRedis } from '../jobs/connections.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** Starts the API on a port; close() stops accepting, then closes what it opened (not the db it was given). */
export async function startServer(config: Config, db: Db, port = config.PORT): Promise<RunningServer> {
  const redis = producerRedis(config.REDIS_URL);
  const queues = openQueues(redis, config.QUEUE_PREFIX);
  const app = await buildApp({ config, db, redis, queues });
  const address = await app.listen({ port, host: config.HOST });
  return {
    app,
    url: address,
    close: async () => {
      await app.close();
      await closeQueues(queues);
      await redis.quit();
    },
  };
}
