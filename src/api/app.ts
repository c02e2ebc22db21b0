import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { ApiDeps } from './deps.js';
import { connectScopedDb } from '../db/connect.js';
import { scopeInHand } from '../db/scope.js';
import { rootLogger } from '../log.js';
import { installAccessControl, SESSION_COOKIE, sessionCredential } from './auth.js';
import { frameworkError, installErrorHandler } from './errors.js';
import { refuseNulBytes } from './nul-bytes.js';
import { installPublicUrl } from './public-url.js';
import { requireSameOrigin } from './same-origin.js';
import { installSecurityHeaders } from './security-headers.js';
import { ogcCollectionRoutes } from './ogc/collections.js';
import { ogcItemRoutes } from './ogc/items.js';
import { accessLogRoutes } from './routes/access-log.js';
import { adminRoutes } from './routes/admin.js';
import { boardRoutes } from './routes/board.js';
import { caseFactRoutes } from './routes/case-facts.js';
import { caseRecordRoutes } from './routes/case-records.js';
import { boardPackRoutes } from './routes/board-pack.js';
import { caseRoutes } from './routes/cases.js';
import { exportRoutes } from './routes/exports.js';
import { healthRoutes } from './routes/health.js';
import { landRoutes } from './routes/land.js';
import { oidcRoutes } from './routes/oidc.js';
import { openApiRoutes } from './routes/openapi.js';
import { outcomeRoutes } from './routes/outcomes.js';
import { rankedRoutes } from './routes/ranked.js';
import { rejectionRoutes } from './routes/rejections.js';
import { reportRoutes } from './routes/reports.js';
import { sessionRoutes } from './routes/session.js';
import { siteRoutes } from './routes/sites.js';
import { tileRoutes } from './routes/tiles.js';
import { uploadRoutes } from './routes/uploads.js';
import { userRoutes } from './routes/users.js';
import { webRoutes } from './routes/web.js';
import { serializerCompiler, validatorCompiler } from './schema-compilers.js';

/** The HTTP API and UI as one Fastify app; routes are registered explicitly so a grep finds every URL. */
export async function buildApp(given: ApiDeps): Promise<FastifyInstance> {
  // The routes get a database of their own whose every statement runs in the caller's scope
  // (src/db/scope.ts); `given.db`, which acts for the system, stays with whoever opened it.
  const deps: ApiDeps = { ...given, db: connectScopedDb(given.config.DATABASE_URL, scopeInHand) };
  const app = Fastify({
    // pino's Logger and Fastify's logger type differ only in generics; the object is the same.
    loggerInstance: rootLogger.child({ module: 'api' }) as unknown as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    // A CQL2 filter may be 65,536 characters (src/ogc/cql2/ast.ts LIMITS), up to three times that
    // percent-encoded in a GET's URL; Node's 16 KiB default would cut a drawn polygon off with a
    // 431 before the reader could name what is wrong with it.
    http: { maxHeaderSize: 256 * 1024 },
    frameworkErrors: frameworkError,
  });
  // Route schemas are zod (src/api/schemas/): zod checks requests, responses are compiled once.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installPublicUrl(app, deps.config);
  refuseNulBytes(app);
  await installSecurityHeaders(app, deps.config);
  await app.register(cookie);
  // preservePath: the handler sees the name as sent, so it can refuse "../" names rather than have them silently trimmed.
  await app.register(multipart, {
    preservePath: true,
    limits: { fileSize: deps.config.MAX_UPLOAD_BYTES, files: 1, fields: 4 },
  });
  // Limits live in Redis so every API process counts the same attempts; only sign-in uses them.
  await app.register(rateLimit, { global: false, redis: deps.redis, nameSpace: `${deps.config.QUEUE_PREFIX}-rate-` });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'London Estates API',
        version: '1',
        description:
          'NHS estate in London: uploads, ranked disposal list, sites, released land. Roles per route are in docs/api.md.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'UI session from POST /api/session',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  requireSameOrigin(app, deps.config.PUBLIC_URL !== undefined);
  installAccessControl(app, deps.db, [sessionCredential(deps.db)]);
  const api = app.withTypeProvider<ZodTypeProvider>();
  healthRoutes(api, deps);
  openApiRoutes(api);
  sessionRoutes(api, deps);
  oidcRoutes(api, deps);
  userRoutes(api, deps);
  uploadRoutes(api, deps);
  rejectionRoutes(api, deps);
  rankedRoutes(api, deps);
  siteRoutes(api, deps);
  landRoutes(api, deps);
  caseRoutes(api, deps);
  caseFactRoutes(api, deps);
  caseRecordRoutes(api, deps);
  outcomeRoutes(api, deps);
  boardRoutes(api, deps);
  boardPackRoutes(api, deps);
  reportRoutes(api, deps);
  exportRoutes(api, deps);
  adminRoutes(api, deps);
  accessLogRoutes(api, deps);
  ogcCollectionRoutes(api, deps);
  ogcItemRoutes(api, deps);
  tileRoutes(api, deps);
  await webRoutes(api, deps);
  app.addHook('onClose', () => deps.db.destroy());
  await app.ready();
  return app;
}
