import { sql } from 'kysely';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/meta.js';

const answers = (check: Promise<unknown>): Promise<boolean> =>
  check.then(
    () => true,
    () => false,
  );

export function healthRoutes(app: Api, { db, redis }: ApiDeps): void {
  app.get('/healthz', { config: access('GET /healthz'), schema: schema.healthz }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: access('GET /readyz'), schema: schema.readyz }, async (_request, reply) => {
    const [postgres, redisOk] = await Promise.all([answers(sql`SELECT 1`.execute(db)), answers(redis.ping())]);
    const ready = postgres && redisOk;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', postgres, redis: redisOk });
  });
}
