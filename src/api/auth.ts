import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callerForToken, type Caller } from '../db/users.js';
import type { Role } from '../db/schema.js';
import type { Db } from '../db/connect.js';
import { EstatesError } from '../errors.js';

/** Every route declares who may call it; 'public' is only for health checks and sign-in. */
export type RouteAccess = readonly Role[] | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

const bearer = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
};

/**
 * Refuses to register a route that does not say who may call it, and checks the caller's
 * role on every request before the handler runs.
 */
export function installAccessControl(app: FastifyInstance, db: Db, extraCredentials: Array<(request: FastifyRequest) => Promise<Caller | null>> = []): void {
  app.decorateRequest('caller', null);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access && !route.url.startsWith('/documentation')) {
      throw new Error(`route ${route.method} ${route.url} does not declare config.access`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === 'public' || access === undefined) return;
    const token = bearer(request);
    let caller = token ? await callerForToken(db, token) : null;
    for (const credential of extraCredentials) caller ??= await credential(request);
    if (!caller) throw new EstatesError('unauthenticated', 'sign in, or send an API token as "Authorization: Bearer <token>"');
    if (!access.includes(caller.role)) throw new EstatesError('forbidden', `the ${caller.role} role may not ${request.method} ${request.routeOptions.url}`);
    request.caller = caller;
  });
}
