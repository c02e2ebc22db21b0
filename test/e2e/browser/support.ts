import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../../src/export/chromium.js';
import { startServer, type RunningServer } from '../../../src/api/server.js';
import type { NewAccount } from '../../../src/db/users.js';
import { testAccount } from '../../support/accounts.js';
import type { Role } from '../../../src/domain/roles.js';
import { REPO } from '../../support/cli.js';
import type { TestDatabase } from '../../support/database.js';

/** Debian's chromium, never a downloaded browser (scripts/test.sh installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(REPO, 'test-output');

export function launchBrowser(): Promise<Browser> {
  return launchChromium(CHROMIUM);
}

export interface WebHarness {
  server: RunningServer;
  browser: Browser;
  accounts: Record<Role, NewAccount>;
  close(): Promise<void>;
}

/** The real server on a free port with the test's database, one account per role, and a browser. */
export async function startWebHarness(t: TestDatabase): Promise<WebHarness> {
  const [server, browser] = await Promise.all([startServer(t.config, t.db, 0), launchBrowser()]);
  const accounts = {} as Record<Role, NewAccount>;
  for (const role of ['officer', 'board', 'housing', 'admin'] as const)
    accounts[role] = await testAccount(t.db, `web-${role}`, role);
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    server,
    browser,
    accounts,
    close: async () => {
      await browser.close();
      await server.close();
      const redis = (await import('ioredis')).Redis;
      const connection = new redis(t.config.REDIS_URL);
      const keys = await connection.keys(`${t.config.QUEUE_PREFIX}-rate-*`);
      if (keys.length > 0) await connection.del(...keys);
      await connection.quit();
    },
  };
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions, failed requests and any dialog (alert, confirm): all should stay empty. */
  problems: string[];
  dialogs: string[];
  screenshot(name: string): Promise<void>;
}

/** A fresh browser context (no cookies), watched for console errors and dialogs. */
export async function openPage(h: WebHarness, viewport = { width: 1280, height: 900 }): Promise<UserPage> {
  const context = await h.browser.newContext({
    viewport,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    acceptDownloads: true,
  });
  // Nothing may leave for the internet: any request not to our server fails the test.
  const origin = new URL(h.server.url).origin;
  const problems: string[] = [];
  const dialogs: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    problems.push(`request left the server: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return {
    context,
    page,
    problems,
    dialogs,
    screenshot: async (name) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
  };
}

/** Signs in through the sign-in form, as a person would. */
export async function signIn(h: WebHarness, user: UserPage, role: Role, hash = ''): Promise<void> {
  const { page } = user;
  await page.goto(`${h.server.url}/${hash ? `#${hash}` : ''}`);
  await page.getByLabel('Name').fill(h.accounts[role].name);
  await page.getByLabel('Password').fill(h.accounts[role].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
