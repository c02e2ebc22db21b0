import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { closeSession, openSession } from '../../db/sessions.js';
import { callerForPassword, type Caller } from '../../db/users.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { callerOf, clearSessionCookie, SESSION_COOKIE, SESSION_TTL_MS, setSessionCookie } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import { tooManyRequests } from '../errors.js';
import * as schema from '../schemas/session.js';

/**
 * Sign-in limits, counted in Redis so every API process shares them: any attempts from one
 * address, and failed attempts against one name (so a user who types their password right is
 * not locked out by someone else's guesses from another address for long).
 */
export const SIGN_IN_LIMITS = {
  perAddress: { max: 30, windowMs: 15 * 60 * 1000 },
  failuresPerName: { max: 10, windowMs: 15 * 60 * 1000 },
} as const;

const whoAmI = (caller: Caller, expiresAt: Date | null) => ({
  userId: caller.userId,
  name: caller.name,
  role: caller.role,
  expiresAt: expiresAt ? expiresAt.toISOString() : null,
});

export function sessionRoutes(app: Api, { db }: ApiDeps): void {
  const perAddress = app.createRateLimit({
    max: SIGN_IN_LIMITS.perAddress.max,
    timeWindow: SIGN_IN_LIMITS.perAddress.windowMs,
    keyGenerator: (r) => `ip-${r.ip}`,
  });
  // The limiter runs after validation, so the body is the signed-in form.
  const nameKey = (request: FastifyRequest): string =>
    `name-${(request.body as z.output<typeof schema.signInBody>).name.toLowerCase()}`;
  const failuresPerName = app.createRateLimit({
    max: SIGN_IN_LIMITS.failuresPerName.max,
    timeWindow: SIGN_IN_LIMITS.failuresPerName.windowMs,
    keyGenerator: nameKey,
  });

  app.post('/api/session', { config: access('POST /api/session'), schema: schema.signIn }, async (request, reply) => {
    const address = await perAddress(request);
    if (!address.isAllowed && address.isExceeded)
      throw tooManyRequests('too many sign-in attempts from this address; try again later', address.ttlInSeconds);
    const name = await failuresPerName(request, { increment: false });
    if (!name.isAllowed && name.remaining <= 0)
      throw tooManyRequests('too many failed sign-ins for this name; try again later', name.ttlInSeconds);
    const caller = await callerForPassword(db, request.body.name, request.body.password);
    if (!caller) {
      await failuresPerName(request);
      throw new EstatesError('unauthenticated', 'unknown name or wrong password');
    }
    const session = await openSession(db, caller.userId, new Date(), SESSION_TTL_MS);
    setSessionCookie(request, reply, session.sessionId, session.expiresAt);
    return whoAmI(caller, session.expiresAt);
  });

  app.get('/api/session', { config: access('GET /api/session'), schema: schema.whoAmI }, async (request) =>
    whoAmI(callerOf(request), null),
  );

  app.delete(
    '/api/session',
    { config: access('DELETE /api/session'), schema: schema.signOut },
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) await closeSession(db, sessionId);
      clearSessionCookie(request, reply);
      return reply.status(204).send();
    },
  );
}
