import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildApp } from '../src/api/app.js';
import { apiTypesFrom, type OpenApiDocument } from '../src/api/openapi-types.js';
import { openDatabase, REPO_ROOT } from '../src/app-context.js';
import { loadConfig } from '../src/config.js';
import { closeQueues, openQueues, producerRedis } from '../src/jobs/connections.js';

/**
 * `npm run api-types`: writes web/js/api-types.d.ts from the OpenAPI document the API builds from its
 * route schemas (the app is built, not served; it needs PostgreSQL and Redis reachable, as `npm test` does).
 */
const config = loadConfig();
const db = await openDatabase(config, { maxConnections: 1 });
const redis = producerRedis(config.REDIS_URL);
const queues = openQueues(redis, config.QUEUE_PREFIX);
const app = await buildApp({ config, db, redis, queues });
try {
  await app.ready();
  const target = path.join(REPO_ROOT, 'web/js/api-types.d.ts');
  await writeFile(target, await apiTypesFrom(app.swagger() as unknown as OpenApiDocument));
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
} finally {
  await app.close();
  await closeQueues(queues);
  await redis.quit();
  await db.destroy();
}
