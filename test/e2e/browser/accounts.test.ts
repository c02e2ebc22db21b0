import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInThrottle } from '../../../src/auth/sign-in-throttle.js';
import { callerForPassword, callerForToken } from '../../../src/db/users.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { obliterateQueues } from '../../support/queues.js';
import { openPage, signIn, startWebHarness, type UserPage, type WebHarness } from './support.js';

let t: TestDatabase;
let h: WebHarness;
let redis: Redis;
const pages: UserPage[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  h = await startWebHarness(t);
  redis = new Redis(t.config.REDIS_URL);
});

afterAll(async () => {
  for (const p of pages) await p.context.close();
  await redis?.quit();
  await h?.close();
  await obliterateQueues(t.config);
  await t.drop();
});

async function userPage(): Promise<UserPage> {
  const p = await openPage(h);
  pages.push(p);
  return p;
}

describe('the admin’s users page', () => {
  it('disables and re-enables a user, issues and revokes a token, resets a password and lifts a throttle', async () => {
    const admin = await userPage();
    const { page } = admin;
    await signIn(h, admin, 'admin', '/users');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).count()).toBe(1);
    const housing = page.locator('tr[data-user="web-housing"]');
    await housing.getByRole('button', { name: 'Disable' }).click();
    await housing.getByRole('button', { name: 'Enable' }).waitFor();
    expect(await housing.textContent()).toContain('disabled');
    expect(await callerForToken(t.db, h.accounts.housing.token)).toBeNull();
    await housing.getByRole('button', { name: 'Enable' }).click();
    await housing.getByRole('button', { name: 'Disable' }).waitFor();
    expect(await callerForToken(t.db, h.accounts.housing.token)).not.toBeNull();

    // tokens
    await page.locator('tr[data-user="web-officer"]').getByRole('button', { name: 'Tokens and sign-in' }).click();
    await page.getByRole('heading', { name: 'web-officer' }).waitFor();
    await page.getByLabel('Token label').fill('QGIS on the estates laptop');
    await page.getByLabel('Days it lives').fill('7');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const token = (await page.getByTestId('secret').textContent()) ?? '';
    expect(await callerForToken(t.db, token)).toMatchObject({ name: 'web-officer' });
    const issued = page.locator('tr[data-token]', { hasText: 'QGIS on the estates laptop' });
    await issued.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => issued.locator('td').nth(2).textContent()).toBe('revoked');
    expect(await callerForToken(t.db, token)).toBeNull();

    // the sign-in throttle, filled by guesses from one address
    const throttle = new SignInThrottle(redis, t.config.QUEUE_PREFIX);
    for (let i = 0; i < 8; i++) await throttle.failed('web-officer', '192.0.2.7', new Date());
    await page.locator('tr[data-user="web-officer"]').getByRole('button', { name: 'Tokens and sign-in' }).click();
    await page.getByText('192.0.2.7').waitFor();
    await page.getByRole('button', { name: 'Lift the throttle' }).click();
    await page.getByText('No failed sign-ins on record.').waitFor();
    expect(await throttle.list('web-officer', new Date())).toEqual([]);

    // a new one-time password
    await page.locator('tr[data-user="web-board"]').getByRole('button', { name: 'Tokens and sign-in' }).click();
    await page.getByRole('heading', { name: 'web-board' }).waitFor();
    await page.getByRole('button', { name: 'Give a new one-time password' }).click();
    const password = (await page.getByTestId('secret').textContent()) ?? '';
    expect(await callerForPassword(t.db, 'web-board', password)).toMatchObject({ role: 'board' });
    expect(await callerForPassword(t.db, 'web-board', h.accounts.board.password)).toBeNull();
    await admin.screenshot('users-page');
    expect(admin.problems).toEqual([]);
    expect(admin.dialogs).toEqual([]);
  });

  it('is not offered to other roles', async () => {
    const officer = await userPage();
    await signIn(h, officer, 'officer', '/users');
    await officer.page.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(
      await officer.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).count(),
    ).toBe(0);
  });
});

describe('your account page', () => {
  it('changes your own password, refusing a short one with the reason', async () => {
    const housing = await userPage();
    const { page } = housing;
    // Straight to the page: a start page still loading could draw over it on a slow machine.
    await signIn(h, housing, 'housing', '/account');
    expect(await page.getByRole('link', { name: 'web-housing (housing)' }).getAttribute('href')).toBe('#/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByLabel('Current password').fill(h.accounts.housing.password);
    await page.getByLabel('New password', { exact: true }).fill('too short');
    await page.getByLabel('New password again').fill('too short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('a password has at least 15 characters').waitFor();
    await page.getByLabel('New password', { exact: true }).fill('three unrelated words plus one');
    await page.getByLabel('New password again').fill('three unrelated words plus one');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    expect(await callerForPassword(t.db, 'web-housing', 'three unrelated words plus one')).toMatchObject({
      role: 'housing',
    });
    // a 400 is an expected answer here, not a page problem; nothing else went wrong
    expect(housing.problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});
