import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import type { Queues } from '../jobs/connections.js';

/** What every route module gets; nothing else is shared between requests. */
export interface ApiDeps {
  config: Config;
  db: Db;
  redis: Redis;
  queues: Queues;
}
