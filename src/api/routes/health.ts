import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';

export function healthRoutes(app: FastifyInstance, { db, redis }: ApiDeps): void {
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    const [postgres, redisOk] = await Promise.all([
      sql`SELECT 1`.execute(db).then(() => true, () => false),
      redis.ping().then(() => true, () => false),
    ]);
    return reply.status(postgres && redisOk ? 200 : 503).send({ status: postgres && redisOk ? 'ready' : 'not ready', postgres, redis: redisOk });
  });
}
