import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ApiDeps } from './deps.js';
import { rootLogger } from '../log.js';
import { installAccessControl } from './auth.js';
import { installErrorHandler } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { rankedRoutes } from './routes/ranked.js';


/** The HTTP API and UI as one Fastify app; routes are registered explicitly so a grep finds every URL. */
export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in generics; the object is the same.
    loggerInstance: rootLogger.child({ module: 'api' }) as unknown as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true } },
  });
  installErrorHandler(app);
  installAccessControl(app, deps.db);
  healthRoutes(app, deps);
  rankedRoutes(app, deps);
  await app.ready();
  return app;
}
