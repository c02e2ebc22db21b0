import { listAccessLog } from '../../db/access-log.js';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/access-log.js';

/** The access log: every read of a confidential figure, for an administrator. It has no route that changes it. */
export function accessLogRoutes(app: Api, { db }: ApiDeps): void {
  app.get('/api/access-log', { config: access('GET /api/access-log'), schema: schema.accessLog }, async (request) => {
    const { user, since, limit } = request.query;
    return {
      entries: await listAccessLog(db, { user, since: since === undefined ? undefined : new Date(since), limit }),
    };
  });
}
