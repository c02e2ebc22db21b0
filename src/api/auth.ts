import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerForToken, credentialsVersion, type Caller } from '../db/users.js';
import { secretSha256 } from '../auth/secrets.js';
import { AnswerCache, FreshVersion } from './answer-cache.js';
import { callerForSession } from '../db/sessions.js';
import type { Db } from '../db/connect.js';
import { EstatesError } from '../errors.js';
import type { RouteAccess } from './access.js';
import { NOBODY, runInScope, type DbScope } from '../db/scope.js';

export type { RouteAccess } from './access.js';

/** The UI's session cookie: HttpOnly, SameSite=Strict, Secure when the request came over TLS. */
export const SESSION_COOKIE = 'estates_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyInstance {
    /** Every route with the access it declared, in registration order (HEAD twins left out). */
    registeredRoutes: readonly RegisteredRoute[];
  }
}

const bearer = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
};

/** True when the request reached us over TLS, directly or through a proxy that says so. */
export const cameOverTls = (request: FastifyRequest): boolean => {
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return request.protocol === 'https' || first === 'https';
};

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: cameOverTls(request),
    expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: cameOverTls(request) });
}

/** The signed-in UI user, from the session cookie (needs @fastify/cookie registered first). */
export const sessionCredential =
  (db: Db) =>
  async (request: FastifyRequest): Promise<Caller | null> => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (!sessionId) return null;
    const caller = await callerForSession(db, sessionId, new Date());
    return caller ? { userId: caller.userId, name: caller.name, role: caller.role, org: caller.org } : null;
  };

/**
 * Who each API token belongs to, kept in this process until any user or token changes: the
 * lookup was one query per request, most of PostgreSQL's work for an answer the API had cached.
 * A revoked token, a disabled user or a changed role moves the credentials version in the same
 * commit, and the version is read fresh for each request (FreshVersion), so the next request
 * after the change is checked against the database again. Keyed by the token's hash.
 */
function tokenCallerCache(db: Db): (token: string, now: Date) => Promise<Caller | null> {
  const version = new FreshVersion(() => credentialsVersion(db));
  type Owner = Awaited<ReturnType<typeof callerForToken>>;
  const owners = new AnswerCache<Owner>({ maxEntries: 10_000, maxSize: 10_000, sizeOf: () => 1 });
  return async (token, now) => {
    const owner = await owners.answer(secretSha256(token), await version.current(), () => callerForToken(db, token));
    // Expiry moves no counter, so it is compared with the time of every request.
    if (!owner || owner.expiresAt <= now) return null;
    return { userId: owner.userId, name: owner.name, role: owner.role, org: owner.org };
  };
}

/**
 * Refuses to register a route that does not say who may call it, and checks the caller's
 * role on every request before the handler runs (so a refused caller never reaches validation).
 */
export function installAccessControl(
  app: FastifyInstance,
  db: Db,
  extraCredentials: Array<(request: FastifyRequest) => Promise<Caller | null>> = [],
): void {
  const registered: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registered);
  app.decorateRequest('caller', null);
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' || !registered.some((r) => r.method === 'GET' && r.url === route.url))
        registered.push({ method, url: route.url ?? route.path, access });
    }
  });
  const tokenCallers = tokenCallerCache(db);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === 'public' || access === undefined) return;
    const token = bearer(request);
    let caller = token ? await tokenCallers(token, new Date()) : null;
    for (const credential of extraCredentials) caller ??= await credential(request);
    if (!caller)
      throw new EstatesError(
        'unauthenticated',
        token
          ? 'this API token is unknown, revoked or expired, or its user is disabled: ask an admin for a new one'
          : 'sign in, or send an API token as "Authorization: Bearer <token>"',
      );
    if (!access.includes(caller.role))
      throw new EstatesError(
        'forbidden',
        `the ${caller.role} role may not ${request.method} ${request.routeOptions.url}`,
      );
    request.caller = caller;
  });
  // Everything after this hook (validation, the handler, its queries) runs in the caller's scope,
  // which the database's row-level security reads; a public route's runs as nobody. A callback
  // hook, because run() must wrap the rest of the request's work, which done() starts.
  app.addHook('onRequest', (request, _reply, done) => runInScope(scopeOf(request.caller), done));
}

/**
 * What a kept answer depends on besides the question: what the database lets this caller see
 * (their role and organisation). Every answer cache keys by it.
 */
export const scopeKeyOf = (request: FastifyRequest): string => {
  const caller = request.caller;
  return caller ? `${caller.role}/${caller.org ?? ''}` : 'nobody';
};

/** The database scope of a caller: their role, organisation and name. */
export const scopeOf = (caller: Caller | null): DbScope =>
  caller ? { actor: caller.role, org: caller.org, user: caller.name } : NOBODY;

/** The caller of a route that is not public: the access hook has already refused anyone else. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller)
    throw new EstatesError('unauthenticated', 'sign in, or send an API token as "Authorization: Bearer <token>"');
  return request.caller;
}
