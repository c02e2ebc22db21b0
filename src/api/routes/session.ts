import { changeOwnPassword } from '../../auth/accounts.js';
import { SignInThrottle } from '../../auth/sign-in-throttle.js';
import { callerForSession, closeSession, openSession } from '../../db/sessions.js';
import { callerForPassword, type Caller } from '../../db/users.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { callerOf, clearSessionCookie, SESSION_COOKIE, SESSION_TTL_MS, setSessionCookie } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import { tooManyRequests } from '../errors.js';
import * as schema from '../schemas/session.js';

/**
 * Sign-in limits. Any attempts from one address are counted by @fastify/rate-limit in Redis
 * (every API process shares them); failed attempts at a name are throttled per name *and*
 * address with growing delays (src/domain/sign-in-throttle.ts), so guesses from elsewhere never
 * lock the owner out.
 */
export const SIGN_IN_LIMITS = {
  perAddress: { max: 30, windowMs: 15 * 60 * 1000 },
} as const;

const whoAmI = (caller: Caller, expiresAt: Date | null, signedInWith: 'password' | 'oidc' | 'token') => ({
  userId: caller.userId,
  name: caller.name,
  role: caller.role,
  org: caller.org,
  expiresAt: expiresAt ? expiresAt.toISOString() : null,
  signedInWith,
});

/** A 429 until `at`, saying why. */
export const throttled = (at: Date, now: Date): Error =>
  tooManyRequests(
    'too many failed sign-ins for this name from this address; wait, then try again (an admin can lift this)',
    Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000)),
  );

export function sessionRoutes(app: Api, { db, redis, config }: ApiDeps): void {
  const perAddress = app.createRateLimit({
    max: SIGN_IN_LIMITS.perAddress.max,
    timeWindow: SIGN_IN_LIMITS.perAddress.windowMs,
    keyGenerator: (r) => `ip-${r.ip}`,
  });
  const throttle = new SignInThrottle(redis, config.QUEUE_PREFIX);

  app.post('/api/session', { config: access('POST /api/session'), schema: schema.signIn }, async (request, reply) => {
    const address = await perAddress(request);
    if (!address.isAllowed && address.isExceeded)
      throw tooManyRequests('too many sign-in attempts from this address; try again later', address.ttlInSeconds);
    const now = new Date();
    const { name, password } = request.body;
    const waitUntil = await throttle.nextAttemptAt(name, request.ip, now);
    if (waitUntil) throw throttled(waitUntil, now);
    const caller = await callerForPassword(db, name, password);
    if (!caller) {
      await throttle.failed(name, request.ip, now);
      throw new EstatesError('unauthenticated', 'unknown name or wrong password');
    }
    await throttle.succeeded(name, request.ip);
    const session = await openSession(db, caller.userId, now, SESSION_TTL_MS);
    setSessionCookie(request, reply, session.sessionId, session.expiresAt);
    return whoAmI(caller, session.expiresAt, 'password');
  });

  // Proving the current password is a sign-in attempt too: throttled the same way.
  app.post(
    '/api/session/password',
    { config: access('POST /api/session/password'), schema: schema.changePassword },
    async (request, reply) => {
      const caller = callerOf(request);
      const now = new Date();
      const waitUntil = await throttle.nextAttemptAt(caller.name, request.ip, now);
      if (waitUntil) throw throttled(waitUntil, now);
      const outcome = await changeOwnPassword(db, caller, request.body, now, request.cookies[SESSION_COOKIE]);
      if (outcome === 'wrong_current_password') {
        await throttle.failed(caller.name, request.ip, now);
        throw new EstatesError('bad_input', 'the current password is not right');
      }
      return reply.status(204).send();
    },
  );

  app.get('/api/session', { config: access('GET /api/session'), schema: schema.whoAmI }, async (request) => {
    const caller = callerOf(request);
    // The access hook takes a token before the cookie; so does this answer.
    const sessionId = request.headers.authorization ? undefined : request.cookies[SESSION_COOKIE];
    const session = sessionId ? await callerForSession(db, sessionId, new Date()) : null;
    return session ? whoAmI(caller, session.expiresAt, session.signedInWith) : whoAmI(caller, null, 'token');
  });

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
