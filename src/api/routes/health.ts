import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { access } from '../access.js';
import type { ApiDeps } from '../deps.js';

const healthSchema = (summary: string) => ({
  summary,
  tags: ['meta'],
  response: {
    200: { type: 'object', additionalProperties: true },
    503: { type: 'object', additionalProperties: true },
  },
});

export function healthRoutes(app: FastifyInstance, { db, redis }: ApiDeps): void {
  app.get('/healthz', { config: access('GET /healthz'), schema: healthSchema('The process is up') }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { config: access('GET /readyz'), schema: healthSchema('PostgreSQL and Redis answer') },
    async (_request, reply) => {
      const [postgres, redisOk] = await Promise.all([
        sql`SELECT 1`.execute(db).then(
          () => true,
          () => false,
        ),
        redis.ping().then(
          () => true,
          () => false,
        ),
      ]);
      return reply
        .status(postgres && redisOk ? 200 : 503)
        .send({ status: postgres && redisOk ? 'ready' : 'not ready', postgres, redis: redisOk });
    },
  );
}
