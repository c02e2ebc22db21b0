import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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

/** The app as route modules see it: request and reply typed from each route's zod schemas (src/api/schemas/). */
export type Api = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;
