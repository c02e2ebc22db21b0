import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../src/api/auth.js';
import { SignInThrottle } from '../../../src/auth/sign-in-throttle.js';
import { issueToken } from '../../../src/db/tokens.js';
import { addUser } from '../../../src/db/users.js';
import { SIGN_IN_THROTTLE } from '../../../src/domain/sign-in-throttle.js';
import { startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ TOKEN_TTL_DAYS: '30' });
});
afterAll(async () => h?.close());

const admin = () => h.bearer('admin');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const signIn = (name: string, password: string, remoteAddress = '10.9.0.1') =>
  h.app.inject({ method: 'POST', url: '/api/session', payload: { name, password }, remoteAddress });
const cookieFor = async (name: string, password: string, remoteAddress?: string): Promise<Record<string, string>> => {
  const res = await signIn(name, password, remoteAddress);
  expect(res.statusCode).toBe(200);
  return { [SESSION_COOKIE]: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value };
};
const me = (cookies: Record<string, string>) => h.app.inject({ url: '/api/session', cookies });
const DAY_MS = 86_400_000;
const throttle = () => new SignInThrottle(h.redis, h.t.config.QUEUE_PREFIX);
/**
 * More failures recorded straight into the throttle, so the wait they earn (32 s after six past
 * the free ones) outlasts the test's own requests however slow the machine is.
 */
const failMore = async (name: string, address: string, n: number) => {
  for (let i = 0; i < n; i++) await throttle().failed(name, address, new Date());
};

describe('API tokens', () => {
  it('expire after TOKEN_TTL_DAYS, and an expired one is refused even while its owner is cached', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'ttl.officer', role: 'officer' },
      headers: admin(),
    });
    const account = created.json<{ userId: number; tokenExpiresAt: string }>();
    const ttlDays = (new Date(account.tokenExpiresAt).getTime() - Date.now()) / DAY_MS;
    expect(ttlDays).toBeGreaterThan(29.99);
    expect(ttlDays).toBeLessThanOrEqual(30);
    // a token about to expire: accepted (and its owner cached), then refused once the time passes
    const soon = await issueToken(h.t.db, account.userId, 'short-lived', new Date(Date.now() + 1_500));
    expect((await h.app.inject({ url: '/api/uploads', headers: bearer(soon.token) })).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const expired = await h.app.inject({ url: '/api/uploads', headers: bearer(soon.token) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toMatch(/unknown, revoked or expired/);
  });

  it('are listed (never the token), issued with their own life, and revoked from the next request on', async () => {
    const { userId, token } = await addUser(h.t.db, 'token.board', 'board');
    const issued = await h.app.inject({
      method: 'POST',
      url: `/api/users/${userId}/tokens`,
      payload: { label: 'QGIS', days: 7 },
      headers: admin(),
    });
    expect(issued.statusCode).toBe(201);
    const fresh = issued.json<{ tokenId: number; token: string; expiresAt: string; label: string }>();
    expect(fresh.label).toBe('QGIS');
    expect(Math.round((new Date(fresh.expiresAt).getTime() - Date.now()) / DAY_MS)).toBe(7);
    expect((await h.app.inject({ url: '/api/ranked', headers: bearer(fresh.token) })).statusCode).toBe(200);

    const listed = await h.app.inject({ url: `/api/users/${userId}/tokens`, headers: admin() });
    expect(listed.statusCode).toBe(200);
    const tokens = listed.json<Array<Record<string, unknown>>>();
    expect(tokens.map((t) => [t.label, t.status])).toEqual([
      ['QGIS', 'live'],
      ['created with the account', 'live'],
    ]);
    expect(JSON.stringify(tokens)).not.toContain(fresh.token);
    expect(Object.keys(tokens[0]!).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'label',
      'revokedAt',
      'status',
      'tokenId',
    ]);

    const revoke = await h.app.inject({
      method: 'DELETE',
      url: `/api/users/${userId}/tokens/${fresh.tokenId}`,
      headers: admin(),
    });
    expect(revoke.statusCode).toBe(204);
    expect((await h.app.inject({ url: '/api/ranked', headers: bearer(fresh.token) })).statusCode).toBe(401);
    expect((await h.app.inject({ url: '/api/ranked', headers: bearer(token) })).statusCode).toBe(200);
    const again = await h.app.inject({
      method: 'DELETE',
      url: `/api/users/${userId}/tokens/${fresh.tokenId}`,
      headers: admin(),
    });
    expect(again.statusCode).toBe(404);
    const after = await h.app.inject({ url: `/api/users/${userId}/tokens`, headers: admin() });
    expect(after.json<Array<{ status: string }>>().map((t) => t.status)).toEqual(['revoked', 'live']);
    // another user's token number is not this user's to revoke
    const other = await h.app.inject({
      method: 'DELETE',
      url: `/api/users/${h.accounts.officer.userId}/tokens/${tokens[1]!.tokenId}`,
      headers: admin(),
    });
    expect(other.statusCode).toBe(404);
  });
});

describe('disabling a user', () => {
  it('ends their sessions and stops their tokens at once; re-enabling lets them back in', async () => {
    const account = await addUser(h.t.db, 'leaver.officer', 'officer');
    const cookies = await cookieFor('leaver.officer', account.password);
    expect((await h.app.inject({ url: '/api/uploads', headers: bearer(account.token) })).statusCode).toBe(200);
    const off = await h.app.inject({
      method: 'PATCH',
      url: `/api/users/${account.userId}`,
      payload: { disabled: true },
      headers: admin(),
    });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ name: 'leaver.officer', disabledAt: expect.any(String), liveTokens: 1 });
    expect((await h.app.inject({ url: '/api/uploads', headers: bearer(account.token) })).statusCode).toBe(401);
    expect((await me(cookies)).statusCode).toBe(401);
    expect((await signIn('leaver.officer', account.password)).statusCode).toBe(401);

    const on = await h.app.inject({
      method: 'PATCH',
      url: `/api/users/${account.userId}`,
      payload: { disabled: false },
      headers: admin(),
    });
    expect(on.json()).toMatchObject({ disabledAt: null });
    expect((await h.app.inject({ url: '/api/uploads', headers: bearer(account.token) })).statusCode).toBe(200);
    expect((await signIn('leaver.officer', account.password)).statusCode).toBe(200);
  });

  it('refuses an admin disabling themselves, and an unknown user', async () => {
    const self = await h.app.inject({
      method: 'PATCH',
      url: `/api/users/${h.accounts.admin.userId}`,
      payload: { disabled: true },
      headers: admin(),
    });
    expect(self.statusCode).toBe(409);
    expect(self.json().message).toMatch(/your own account/);
    const unknown = await h.app.inject({
      method: 'PATCH',
      url: '/api/users/999999',
      payload: { disabled: true },
      headers: admin(),
    });
    expect(unknown.statusCode).toBe(404);
    const list = await h.app.inject({ url: '/api/users', headers: admin() });
    expect(
      list.json<Array<{ name: string; disabledAt: string | null }>>().find((u) => u.name === 'test-admin'),
    ).toMatchObject({ disabledAt: null });
  });
});

describe('passwords', () => {
  it('lets a user change their own: the current one proven, the new one checked, other sessions ended', async () => {
    const account = await addUser(h.t.db, 'mover.housing', 'housing');
    const here = await cookieFor('mover.housing', account.password, '10.9.1.1');
    const elsewhere = await cookieFor('mover.housing', account.password, '10.9.1.2');
    const change = (body: object) =>
      h.app.inject({
        method: 'POST',
        url: '/api/session/password',
        payload: body,
        cookies: here,
        headers: { origin: h.app.publicUrl() },
        remoteAddress: '10.9.1.1',
      });
    const wrong = await change({ currentPassword: 'not it', newPassword: 'a long enough new passphrase' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toBe('the current password is not right');
    const weak = await change({ currentPassword: account.password, newPassword: 'too short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toMatch(/at least 15 characters/);
    const done = await change({ currentPassword: account.password, newPassword: 'a long enough new passphrase' });
    expect(done.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await signIn('mover.housing', account.password, '10.9.1.3')).statusCode).toBe(401);
    expect((await signIn('mover.housing', 'a long enough new passphrase', '10.9.1.3')).statusCode).toBe(200);
    const list = await h.app.inject({ url: '/api/users', headers: admin() });
    expect(
      list.json<Array<{ name: string; passwordChangedAt: string | null }>>().find((u) => u.name === 'mover.housing')
        ?.passwordChangedAt,
    ).toEqual(expect.any(String));
  });

  it('throttles guesses at the current password like sign-ins', async () => {
    const account = await addUser(h.t.db, 'guessed.board', 'board');
    const cookies = await cookieFor('guessed.board', account.password, '10.9.2.1');
    const guess = () =>
      h.app.inject({
        method: 'POST',
        url: '/api/session/password',
        payload: { currentPassword: 'guess', newPassword: 'a long enough new passphrase' },
        cookies,
        headers: { origin: h.app.publicUrl() },
        remoteAddress: '10.9.2.1',
      });
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i++) expect((await guess()).statusCode).toBe(400);
    expect((await throttle().list('guessed.board', new Date())).map((a) => a.failures)).toEqual([
      SIGN_IN_THROTTLE.freeFailures,
    ]);
    await failMore('guessed.board', '10.9.2.1', 6);
    const held = await guess();
    expect(held.statusCode).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(30);
  });

  it('lets an admin reset one: a new one-time password, the old one and every session ended', async () => {
    const account = await addUser(h.t.db, 'forgetful.officer', 'officer');
    const cookies = await cookieFor('forgetful.officer', account.password, '10.9.3.1');
    const reset = await h.app.inject({
      method: 'POST',
      url: `/api/users/${account.userId}/password`,
      headers: admin(),
    });
    expect(reset.statusCode, reset.body).toBe(200);
    const { password } = reset.json<{ password: string; name: string }>();
    expect(reset.json()).toMatchObject({ userId: account.userId, name: 'forgetful.officer' });
    expect(password).not.toBe(account.password);
    expect((await me(cookies)).statusCode).toBe(401);
    expect((await signIn('forgetful.officer', account.password, '10.9.3.2')).statusCode).toBe(401);
    expect((await signIn('forgetful.officer', password, '10.9.3.2')).statusCode).toBe(200);
    const withBody = await h.app.inject({
      method: 'POST',
      url: `/api/users/${account.userId}/password`,
      payload: { password: 'chosen by the admin' },
      headers: admin(),
    });
    expect(withBody.statusCode).toBe(400);
  });
});

describe('the sign-in throttle, for an admin', () => {
  it('lists the addresses being slowed down at a name, and lifts them', async () => {
    const account = await addUser(h.t.db, 'throttled.officer', 'officer');
    for (let i = 0; i < SIGN_IN_THROTTLE.freeFailures; i++) await signIn('throttled.officer', 'guess', '10.9.4.1');
    await signIn('throttled.officer', 'guess', '10.9.4.2');
    await failMore('throttled.officer', '10.9.4.1', 6);
    expect((await signIn('throttled.officer', account.password, '10.9.4.1')).statusCode).toBe(429);
    const listed = await h.app.inject({ url: `/api/users/${account.userId}/throttle`, headers: admin() });
    expect(listed.statusCode).toBe(200);
    const addresses = listed.json<Array<{ address: string; failures: number; nextAttemptAt: string | null }>>();
    expect(addresses.map((a) => [a.address, a.failures, a.nextAttemptAt === null]).sort()).toEqual([
      ['10.9.4.1', SIGN_IN_THROTTLE.freeFailures + 6, false],
      ['10.9.4.2', 1, true],
    ]);
    const lifted = await h.app.inject({
      method: 'DELETE',
      url: `/api/users/${account.userId}/throttle`,
      headers: admin(),
    });
    expect(lifted.json()).toEqual({ cleared: 2 });
    expect((await signIn('throttled.officer', account.password, '10.9.4.1')).statusCode).toBe(200);
    expect((await h.app.inject({ url: `/api/users/${account.userId}/throttle`, headers: admin() })).json()).toEqual([]);
  });
});

describe('the OpenAPI description', () => {
  it('describes every account route', async () => {
    const doc = (await h.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, object> }>();
    for (const path of [
      '/api/users',
      '/api/users/{id}',
      '/api/users/{id}/password',
      '/api/users/{id}/tokens',
      '/api/users/{id}/tokens/{tokenId}',
      '/api/users/{id}/throttle',
      '/api/session/password',
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(Object.keys(doc.paths['/api/users/{id}']!)).toEqual(['patch']);
  });
});
