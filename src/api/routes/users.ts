import { addUser } from '../../db/users.js';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/users.js';

export function userRoutes(app: Api, { db }: ApiDeps): void {
  app.post('/api/users', { config: access('POST /api/users'), schema: schema.addUser }, async (request, reply) => {
    const account = await db.transaction().execute((trx) => addUser(trx, request.body.name, request.body.role));
    return reply.status(201).send(account);
  });
}
