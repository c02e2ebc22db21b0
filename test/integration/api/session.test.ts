import { addOrganisation } from '../../../src/db/organisations.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../src/api/auth.js';
import { SIGN_IN_LIMITS } from '../../../src/api/routes/session.js';
import { SIGN_IN_THROTTLE } from '../../../src/domain/sign-in-throttle.js';
import { SignInThrottle } from '../../../src/auth/sign-in-throttle.js';
import { startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

const signIn = (
  name: string,
  password: string,
  extra: { remoteAddress?: string; headers?: Record<string, string> } = {},
) =>
  h.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { name, password },
    remoteAddress: extra.remoteAddress ?? '10.0.0.1',
    headers: extra.headers,
  });

const cookieOf = (res: Awaited<ReturnType<typeof signIn>>) => res.cookies.find((c) => c.name === SESSION_COOKIE);

describe('sessions', () => {
  it('signs in with name and password: an HttpOnly SameSite=Strict cookie, not Secure over plain HTTP', async () => {
    const res = await signIn('test-board', h.accounts.board.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ userId: h.accounts.board.userId, name: 'test-board', role: 'board' });
    const cookie = cookieOf(res);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const expiresInH = (new Date(res.json<{ expiresAt: string }>().expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(expiresInH).toBeGreaterThan(11.9);
    expect(expiresInH).toBeLessThanOrEqual(12);
    // only the hash is stored
    const stored = await h.t.db.selectFrom('sessions').select('session_sha256').execute();
    expect(stored.map((s) => s.session_sha256)).not.toContain(cookie?.value);
  });

  it('marks the cookie Secure when the request came through a TLS proxy', async () => {
    const res = await signIn('test-board', h.accounts.board.password, { headers: { 'x-forwarded-proto': 'https' } });
    expect(cookieOf(res)?.secure).toBe(true);
  });

  it('answers who am I from the cookie, and a signed-out cookie no longer works', async () => {
    const cookie = cookieOf(await signIn('test-officer', h.accounts.officer.password))!;
    const me = await h.app.inject({ url: '/api/session', cookies: { [SESSION_COOKIE]: cookie.value } });
    expect(me.json()).toMatchObject({ name: 'test-officer', role: 'officer' });
    const uploads = await h.app.inject({ url: '/api/uploads', cookies: { [SESSION_COOKIE]: cookie.value } });
    expect(uploads.statusCode).toBe(200);
    const out = await h.app.inject({
      method: 'DELETE',
      url: '/api/session',
      cookies: { [SESSION_COOKIE]: cookie.value },
      headers: { origin: h.app.publicUrl() },
    });
    expect(out.statusCode).toBe(204);
    expect(cookieOf(out as never)?.value).toBe('');
    const after = await h.app.inject({ url: '/api/session', cookies: { [SESSION_COOKIE]: cookie.value } });
    expect(after.statusCode).toBe(401);
  });

  it('refuses an expired session', async () => {
    const cookie = cookieOf(await signIn('test-housing', h.accounts.housing.password))!;
    await h.t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', h.accounts.housing.userId)
      .execute();
    const me = await h.app.inject({ url: '/api/session', cookies: { [SESSION_COOKIE]: cookie.value } });
    expect(me.statusCode).toBe(401);
  });

  it('gives the same answer for an unknown name and a wrong password', async () => {
    const unknown = await signIn('nobody-here', 'whatever');
    const wrong = await signIn('test-admin', 'wrong-password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(cookieOf(wrong)).toBeUndefined();
  });

  it('says sign-in through an identity provider is not configured when OIDC_ISSUER is unset', async () => {
    const res = await h.app.inject({ url: '/api/session/oidc' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('sign-in through an identity provider is not configured here');
    expect((await h.app.inject({ url: '/api/ui-config' })).json().oidc).toBeNull();
  });

  it('says how the caller signed in', async () => {
    const cookie = cookieOf(await signIn('test-board', h.accounts.board.password, { remoteAddress: '10.0.5.1' }))!;
    const viaCookie = await h.app.inject({ url: '/api/session', cookies: { [SESSION_COOKIE]: cookie.value } });
    expect(viaCookie.json()).toMatchObject({ signedInWith: 'password', expiresAt: expect.any(String) });
    const viaToken = await h.app.inject({ url: '/api/session', headers: h.bearer('board') });
    expect(viaToken.json()).toMatchObject({ signedInWith: 'token', expiresAt: null });
  });

  it('refuses unknown fields and malformed JSON at sign-in', async () => {
    const extra = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { name: 'a', password: 'b', role: 'admin' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error).toBe('bad_input');
    const malformed = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: '{"name": "a",',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ error: 'bad_input', message: expect.any(String) });
  });

  it('slows failed sign-ins per name and address with growing delays, never locking the owner out elsewhere', async () => {
    const free = SIGN_IN_THROTTLE.freeFailures;
    for (let i = 0; i < free; i++)
      expect((await signIn('test-officer', 'guess', { remoteAddress: '10.1.0.9' })).statusCode).toBe(401);
    const throttle = new SignInThrottle(h.redis, h.t.config.QUEUE_PREFIX);
    const failures = async () => (await throttle.list('test-officer', new Date()))[0]?.failures;
    expect(await failures()).toBe(free);
    // past the free failures the guessing address waits, even with the right password; the
    // failures are recorded straight into the throttle so the wait outlasts a slow machine
    for (let i = 0; i < 6; i++) await throttle.failed('test-officer', '10.1.0.9', new Date());
    const waiting = await signIn('test-officer', h.accounts.officer.password, { remoteAddress: '10.1.0.9' });
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json()).toMatchObject({ error: 'too_many_requests' });
    expect(waiting.json().message).toMatch(/for this name from this address/);
    const retryAfter = Number(waiting.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(20);
    expect(retryAfter).toBeLessThanOrEqual(32);
    expect(await failures()).toBe(free + 6);
    // the owner, from their own address, signs in at once, and that clears nothing for the guesser
    expect((await signIn('test-officer', h.accounts.officer.password, { remoteAddress: '10.1.1.1' })).statusCode).toBe(
      200,
    );
    expect(await throttle.nextAttemptAt('test-officer', '10.1.0.9', new Date())).not.toBeNull();
  });

  it('limits sign-in attempts per address', async () => {
    const max = SIGN_IN_LIMITS.perAddress.max;
    for (let i = 0; i < max; i++)
      expect((await signIn(`someone-${i}`, 'x', { remoteAddress: '10.2.0.1' })).statusCode).toBe(401);
    const limited = await signIn('test-admin', h.accounts.admin.password, { remoteAddress: '10.2.0.1' });
    expect(limited.statusCode).toBe(429);
    expect((await signIn('test-admin', h.accounts.admin.password, { remoteAddress: '10.2.0.2' })).statusCode).toBe(200);
  });
});

describe('users', () => {
  it('gives a new account the organisation named, which GET /api/session then reports; an unknown one is 400', async () => {
    await addOrganisation(h.t.db, { code: 'RJ1', name: "Guy's and St Thomas'", kind: 'trust' });
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'trust.officer', role: 'officer', org: 'rj1' },
      headers: h.bearer('admin'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const account = res.json<{ org: string | null; token: string }>();
    expect(account.org).toBe('RJ1');
    const me = await h.app.inject({ url: '/api/session', headers: { authorization: `Bearer ${account.token}` } });
    expect(me.json()).toMatchObject({ name: 'trust.officer', role: 'officer', org: 'RJ1' });
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'lost.officer', role: 'officer', org: 'RXX' },
      headers: h.bearer('admin'),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      error: 'bad_input',
      message: expect.stringContaining('no organisation "RXX"'),
    });
  });

  it('lets admin create an account whose password signs in, and refuses a duplicate name', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'new.officer', role: 'officer' },
      headers: h.bearer('admin'),
    });
    expect(res.statusCode).toBe(201);
    const account = res.json<{ password: string; token: string; role: string }>();
    expect(account.role).toBe('officer');
    expect((await signIn('new.officer', account.password, { remoteAddress: '10.3.0.1' })).statusCode).toBe(200);
    expect(
      (await h.app.inject({ url: '/api/uploads', headers: { authorization: `Bearer ${account.token}` } })).statusCode,
    ).toBe(200);
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'new.officer', role: 'board' },
      headers: h.bearer('admin'),
    });
    expect(again.statusCode).toBe(409);
    const badRole = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'x.y', role: 'superuser' },
      headers: h.bearer('admin'),
    });
    expect(badRole.statusCode).toBe(400);
  });
});
