import { addToken, resetPassword, revokeUserToken, setDisabled } from '../../auth/accounts.js';
import { SignInThrottle, type ThrottledAddress } from '../../auth/sign-in-throttle.js';
import { listTokens, type TokenRecord } from '../../db/tokens.js';
import { addUser, findUser, listUsers, type UserRecord } from '../../db/users.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/users.js';

const iso = (at: Date | null): string | null => (at ? at.toISOString() : null);

const userAnswer = (u: UserRecord) => ({
  ...u,
  createdAt: u.createdAt.toISOString(),
  disabledAt: iso(u.disabledAt),
  passwordChangedAt: iso(u.passwordChangedAt),
});

const tokenAnswer = (t: TokenRecord) => ({
  tokenId: t.tokenId,
  label: t.label,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt.toISOString(),
  revokedAt: iso(t.revokedAt),
  status: t.status,
});

const throttleAnswer = (a: ThrottledAddress) => ({
  ...a,
  lastFailureAt: a.lastFailureAt.toISOString(),
  nextAttemptAt: iso(a.nextAttemptAt),
});

/** Accounts, their tokens and their sign-in throttle: admin only (src/api/access.ts). */
export function userRoutes(app: Api, { db, redis, config }: ApiDeps): void {
  const throttle = new SignInThrottle(redis, config.QUEUE_PREFIX);

  app.post('/api/users', { config: access('POST /api/users'), schema: schema.addUser }, async (request, reply) => {
    const account = await db.transaction().execute((trx) =>
      addUser(trx, request.body.name, request.body.role, {
        tokenTtlDays: config.TOKEN_TTL_DAYS,
        org: request.body.org,
      }),
    );
    return reply.status(201).send({ ...account, tokenExpiresAt: account.tokenExpiresAt.toISOString() });
  });

  app.get('/api/users', { config: access('GET /api/users'), schema: schema.listUsers }, async () =>
    (await listUsers(db, new Date())).map(userAnswer),
  );

  app.patch('/api/users/:id', { config: access('PATCH /api/users/:id'), schema: schema.changeUser }, async (request) =>
    userAnswer(await setDisabled(db, request.params.id, request.body.disabled, new Date(), callerOf(request))),
  );

  app.post(
    '/api/users/:id/password',
    { config: access('POST /api/users/:id/password'), schema: schema.resetPassword },
    async (request) => resetPassword(db, request.params.id, new Date()),
  );

  app.get(
    '/api/users/:id/tokens',
    { config: access('GET /api/users/:id/tokens'), schema: schema.listTokens },
    async (request) => {
      const now = new Date();
      const user = await findUser(db, request.params.id, now);
      return (await listTokens(db, user.userId, now)).map(tokenAnswer);
    },
  );

  app.post(
    '/api/users/:id/tokens',
    { config: access('POST /api/users/:id/tokens'), schema: schema.addToken },
    async (request, reply) => {
      const { label, days = config.TOKEN_TTL_DAYS } = request.body;
      const issued = await addToken(db, request.params.id, { label, days }, new Date());
      return reply
        .status(201)
        .send({ tokenId: issued.tokenId, label, token: issued.token, expiresAt: issued.expiresAt.toISOString() });
    },
  );

  app.delete(
    '/api/users/:id/tokens/:tokenId',
    { config: access('DELETE /api/users/:id/tokens/:tokenId'), schema: schema.revokeToken },
    async (request, reply) => {
      await revokeUserToken(db, request.params.id, request.params.tokenId, new Date());
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/users/:id/throttle',
    { config: access('GET /api/users/:id/throttle'), schema: schema.listThrottle },
    async (request) => {
      const now = new Date();
      const user = await findUser(db, request.params.id, now);
      return (await throttle.list(user.name, now)).map(throttleAnswer);
    },
  );

  app.delete(
    '/api/users/:id/throttle',
    { config: access('DELETE /api/users/:id/throttle'), schema: schema.liftThrottle },
    async (request) => {
      const user = await findUser(db, request.params.id, new Date());
      return { cleared: await throttle.lift(user.name) };
    },
  );
}
