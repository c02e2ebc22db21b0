import type { BrowserContext } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/api/server.js';
import { ensureOrganisation } from '../../../src/db/organisations.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { freePort, startTestProvider, type TestProvider } from '../../support/oidc-provider.js';
import { obliterateQueues } from '../../support/queues.js';
import { seedBrowserEstate, type BrowserEstate } from './seed.js';
import { launchBrowser } from './support.js';

/**
 * Sign-in through a real OpenID provider (oidc-provider on loopback, another site than the
 * service: localhost against 127.0.0.1), in Debian's Chromium, the way a person does it.
 */
let provider: TestProvider;
let t: TestDatabase;
let server: RunningServer;
let browser: Browser;
let estate: BrowserEstate;
let publicUrl: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  provider = await startTestProvider({
    publicUrl,
    accounts: {
      'board.member': { preferred_username: 'b.member', name: 'Board Member', roles: ['Estates.Board'], org: 'gla' },
      'no.role': { preferred_username: 'n.role', roles: ['Payroll.Reader'], org: 'gla' },
    },
  });
  t = await createTestDatabase({
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_ROLE_MAP: 'Estates.Board=board, Estates.Officer=officer',
    OIDC_ORG_CLAIM: 'org',
    OIDC_LABEL: 'Test NHS identity',
  });
  await ensureOrganisation(t.db, { code: 'GLA', name: 'Greater London Authority', kind: 'gla' });
  [server, browser, estate] = await Promise.all([
    startServer(t.config, t.db, port),
    launchBrowser(),
    seedBrowserEstate(t),
  ]);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  await provider?.close();
  await obliterateQueues(t.config);
  await t.drop();
});

/** A fresh context that may reach the service and the provider only (the provider's login page asks for a web font: refused). */
async function newPage(problems: string[]) {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  contexts.push(context);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(publicUrl) || url.startsWith(provider.issuer) || url.startsWith('data:'))
      return route.continue();
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

async function signInAtProvider(page: Awaited<ReturnType<typeof newPage>>, account: string) {
  await page.goto(`${publicUrl}/`);
  await page.getByRole('link', { name: 'Sign in with Test NHS identity' }).click();
  await page.waitForURL(`${provider.issuer}/**`);
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any password: the provider checks, not us');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('sign-in through the identity provider', () => {
  it('signs in at the provider and lands on the ranked list with the mapped role; signing out ends both', async () => {
    const problems: string[] = [];
    const page = await newPage(problems);
    await signInAtProvider(page, 'board.member');
    await page.getByRole('heading', { name: 'Ranked disposal list' }).waitFor();
    expect(new URL(page.url()).origin).toBe(publicUrl);
    expect(await page.locator('#who').textContent()).toContain('b.member (board)');
    const first = page.locator(`tr[data-site-id="${estate.sites[0]!.siteId}"]`);
    await expect.poll(() => first.locator('td').first().textContent()).toBe('1');

    const user = await t.db
      .selectFrom('users')
      .select(['name', 'role', 'password_hash', 'oidc_issuer', 'oidc_subject', 'org_code'])
      .where('oidc_subject', '=', 'board.member')
      .executeTakeFirstOrThrow();
    expect(user).toEqual({
      name: 'b.member',
      role: 'board',
      password_hash: null,
      oidc_issuer: provider.issuer,
      oidc_subject: 'board.member',
      org_code: 'GLA',
    });
    const sessions = await t.db.selectFrom('sessions').select('signed_in_with').execute();
    expect(sessions).toEqual([{ signed_in_with: 'oidc' }]);

    // Signing out ends our session, then the provider's, which sends the browser back here.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.getByRole('button', { name: /sign me out/i }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).origin).toBe(publicUrl);
    expect(await t.db.selectFrom('sessions').select('user_id').execute()).toEqual([]);
    // and the provider asks again: no silent sign-in after signing out
    await page.getByRole('link', { name: 'Sign in with Test NHS identity' }).click();
    await page.locator('input[name="login"]').waitFor();
    expect(problems).toEqual([]);
  });

  it('refuses a user whose claims map to no role, with a page that says why, and creates nobody', async () => {
    const problems: string[] = [];
    const page = await newPage(problems);
    await signInAtProvider(page, 'no.role');
    await page.getByRole('heading', { name: 'You cannot sign in here yet' }).waitFor();
    const reason = await page.getByRole('alert').textContent();
    expect(reason).toContain('"Payroll.Reader"');
    expect(reason).toContain('not roles this service knows');
    expect(await page.getByRole('link', { name: 'Back to the sign-in page' }).getAttribute('href')).toBe('/#/signin');
    const created = await t.db.selectFrom('users').select('name').where('oidc_subject', '=', 'no.role').execute();
    expect(created).toEqual([]);
    expect(problems).toEqual([]);
  });
});
