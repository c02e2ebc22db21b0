import type { FastifyRequest } from 'fastify';
import { appendAccessLog, type ConfidentialRead } from '../db/access-log.js';
import type { Db } from '../db/connect.js';
import { mayReadValuations } from '../domain/roles.js';
import { callerOf } from './auth.js';

/**
 * Puts a read of confidential figures on the access log (migration 0520) before the answer goes
 * out: who, their organisation, the route and URL, and the sites whose figures were in it. Only a
 * role that may read valuations is logged (housing's answers carry none); a failed append fails
 * the request, so no confidential answer leaves unlogged.
 */
export async function logConfidentialRead(
  db: Db,
  request: FastifyRequest,
  what: ConfidentialRead,
  siteIds: readonly number[],
): Promise<void> {
  const caller = callerOf(request);
  if (!mayReadValuations(caller.role)) return;
  await appendAccessLog(db, {
    user: caller.name,
    role: caller.role,
    org: caller.org,
    route: `${request.method} ${request.routeOptions.url}`,
    url: request.url,
    what,
    siteIds,
  });
}
