import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughProvider } from '../../../src/auth/accounts.js';
import { oidcSettings } from '../../../src/auth/oidc.js';
import { loadConfig } from '../../../src/config.js';
import { ensureOrganisation } from '../../../src/db/organisations.js';
import { addUser } from '../../../src/db/users.js';
import { startTestProvider, type TestProvider } from '../../support/oidc-provider.js';
import { startApiHarness, type ApiHarness } from './harness.js';

const PUBLIC_URL = 'https://estates.example.nhs.uk';
let provider: TestProvider;
let h: ApiHarness;
beforeAll(async () => {
  provider = await startTestProvider({ publicUrl: PUBLIC_URL, accounts: {} });
  h = await startApiHarness({
    PUBLIC_URL,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_ROLE_MAP: 'Estates.Officer=officer,Estates.Board=board',
    OIDC_ORG_CLAIM: 'org',
    OIDC_LABEL: 'NHS Care Identity',
  });
  await ensureOrganisation(h.t.db, { code: 'GLA', name: 'Greater London Authority', kind: 'gla' });
  await ensureOrganisation(h.t.db, { code: 'RYJ', name: 'Imperial College Healthcare NHS Trust', kind: 'trust' });
});
afterAll(async () => {
  await h?.close();
  await provider?.close();
});

const begin = (query = '') => h.app.inject({ url: `/api/session/oidc${query}` });
const pendingCookie = (res: Awaited<ReturnType<typeof begin>>) => res.cookies.find((c) => c.name === 'estates_oidc');
const callback = (query: string, handle?: string) =>
  h.app.inject({ url: `/api/session/oidc/callback?${query}`, cookies: handle ? { estates_oidc: handle } : {} });

describe('the sign-in redirect', () => {
  it('sends the browser to the provider with the code flow, PKCE S256, state and nonce, and keeps them here', async () => {
    const res = await begin('?next=/ranked');
    expect(res.statusCode).toBe(302);
    const to = new URL(String(res.headers.location));
    expect(`${to.origin}${to.pathname}`).toBe(`${provider.issuer}/auth`);
    const q = Object.fromEntries(to.searchParams);
    expect(q).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${PUBLIC_URL}/api/session/oidc/callback`,
      code_challenge_method: 'S256',
      scope: 'openid profile email',
    });
    expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(q.nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const cookie = pendingCookie(res);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/session/oidc', maxAge: 600 });
    // the PKCE verifier never leaves the server; the pending sign-in waits in Redis
    expect(res.headers.location).not.toContain('code_verifier');
    const keys = await h.redis.keys(`${h.t.config.QUEUE_PREFIX}-rate-oidc-*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('lands only on a page of this service', async () => {
    expect((await begin('?next=https://evil.example/')).statusCode).toBe(400);
    expect((await begin('?next=//evil.example')).statusCode).toBe(400);
  });

  it('tells the UI the provider is there, under its label', async () => {
    expect((await h.app.inject({ url: '/api/ui-config' })).json().oidc).toEqual({ label: 'NHS Care Identity' });
  });
});

describe('the provider’s redirect back', () => {
  it('refuses one this browser did not start, with a page saying what to do', async () => {
    const res = await callback('code=abc&state=xyz');
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('was not started here, was already used, or took longer than ten minutes');
    expect(res.body).toContain('href="/#/signin"');
  });

  it('refuses a state that differs from the one sent, and the pending sign-in is used up', async () => {
    const handle = pendingCookie(await begin())!.value;
    const res = await callback('code=abc&state=not-the-one-we-sent', handle);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('did not complete the sign-in');
    const again = await callback('code=abc&state=not-the-one-we-sent', handle);
    expect(again.body).toContain('was already used');
  });

  it('shows the provider’s own refusal', async () => {
    const started = await begin();
    const state = new URL(String(started.headers.location)).searchParams.get('state');
    const res = await callback(
      `error=access_denied&error_description=${encodeURIComponent('End-User aborted interaction')}&state=${state}&iss=${encodeURIComponent(provider.issuer)}`,
      pendingCookie(started)!.value,
    );
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('End-User aborted interaction');
    expect(await h.t.db.selectFrom('sessions').select('user_id').execute()).toEqual([]);
  });

  it('signs out at the provider too: its end-session address, back to PUBLIC_URL', async () => {
    const res = await h.app.inject({ url: '/api/session/oidc/logout' });
    expect(res.statusCode).toBe(302);
    const to = new URL(String(res.headers.location));
    expect(`${to.origin}${to.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(Object.fromEntries(to.searchParams)).toEqual({
      client_id: provider.clientId,
      post_logout_redirect_uri: `${PUBLIC_URL}/`,
    });
  });
});

describe('a user vouched for by the provider', () => {
  const mapping = () => oidcSettings(h.t.config)!.mapping;

  it('is created on first sight with the mapped role, and follows the provider’s role and organisation after', async () => {
    const who = { issuer: provider.issuer, subject: 'subject-1' };
    const first = await signInThroughProvider(
      h.t.db,
      who,
      { preferred_username: 'j.smith', roles: ['Estates.Officer'], org: 'ryj' },
      mapping(),
    );
    expect(first).toMatchObject({ ok: true, caller: { name: 'j.smith', role: 'officer' } });
    const later = await signInThroughProvider(
      h.t.db,
      who,
      { preferred_username: 'renamed', roles: ['Estates.Board'], org: 'gla' },
      mapping(),
    );
    expect(later).toMatchObject({ ok: true, caller: { name: 'j.smith', role: 'board' } });
    const row = await h.t.db
      .selectFrom('users')
      .select(['role', 'org_code', 'password_hash'])
      .where('oidc_subject', '=', 'subject-1')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'board', org_code: 'GLA', password_hash: null });
  });

  it('takes the next free name when a local account has it, never that account', async () => {
    await addUser(h.t.db, 'clash.name', 'admin');
    const outcome = await signInThroughProvider(
      h.t.db,
      { issuer: provider.issuer, subject: 'subject-2' },
      { preferred_username: 'clash.name', roles: ['Estates.Officer'], org: 'ryj' },
      mapping(),
    );
    expect(outcome).toMatchObject({ ok: true, caller: { name: 'clash.name-2', role: 'officer' } });
  });

  it('is refused when disabled here, or when the claims no longer map', async () => {
    const who = { issuer: provider.issuer, subject: 'subject-3' };
    const claims = { preferred_username: 'k.jones', roles: ['Estates.Officer'], org: 'ryj' };
    const first = await signInThroughProvider(h.t.db, who, claims, mapping());
    if (!first.ok) throw new Error(first.reason);
    await h.t.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', first.caller.userId).execute();
    expect(await signInThroughProvider(h.t.db, who, claims, mapping())).toEqual({
      ok: false,
      reason: expect.stringMatching(/has been disabled/),
    });
    const unregistered = await signInThroughProvider(
      h.t.db,
      { issuer: provider.issuer, subject: 'subject-4' },
      { ...claims, org: 'rj1' },
      mapping(),
    );
    expect(unregistered).toMatchObject({ ok: false, reason: expect.stringMatching(/\(RJ1\) is not registered here/) });
    expect(await h.t.db.selectFrom('users').select('id').where('oidc_subject', '=', 'subject-4').execute()).toEqual([]);
    const unmapped = await signInThroughProvider(h.t.db, who, { ...claims, roles: [] }, mapping());
    expect(unmapped).toMatchObject({ ok: false, reason: expect.stringMatching(/carries no "roles" claim/) });
  });

  it('has no password here: neither a reset nor a local sign-in', async () => {
    const reset = await h.app.inject({
      method: 'POST',
      url: `/api/users/${(await h.t.db.selectFrom('users').select('id').where('name', '=', 'j.smith').executeTakeFirstOrThrow()).id}/password`,
      headers: h.bearer('admin'),
    });
    expect(reset.statusCode).toBe(409);
    expect(reset.json().message).toMatch(/signs in through the organisation's identity provider/);
    const local = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { name: 'j.smith', password: 'anything at all' },
    });
    expect(local.statusCode).toBe(401);
  });
});

describe('configuration', () => {
  it('needs the client and PUBLIC_URL with an issuer', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0' })).toThrow(
      /OIDC_CLIENT_ID is needed with OIDC_ISSUER/,
    );
    expect(oidcSettings(loadConfig({}))).toBeNull();
  });
});
