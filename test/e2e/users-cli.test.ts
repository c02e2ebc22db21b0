import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { SignInThrottle } from '../../src/auth/sign-in-throttle.js';
import { callerForPassword, callerForToken } from '../../src/db/users.js';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, runCli } from '../support/cli.js';

let t: TestDatabase;
let env: Record<string, string>;
let redis: Redis;
beforeAll(async () => {
  ({ t, env } = await openTestEstate());
  redis = new Redis(t.config.REDIS_URL);
});
afterAll(async () => {
  await redis.del(`${t.config.QUEUE_PREFIX}-rate-signin-cli.officer`);
  await redis.quit();
  await closeTestEstate(t);
});

const estates = async (args: string[], stdin?: string) => {
  const run = await runCli(['users', ...args], { ...env, TOKEN_TTL_DAYS: '45' }, { stdin });
  return { ...run, json: () => JSON.parse(run.stdout) };
};

describe('estates users', () => {
  let account: { userId: number; name: string; password: string; token: string; tokenExpiresAt: string };

  it('adds an account whose first token lives TOKEN_TTL_DAYS, and lists it', async () => {
    const add = await estates(['add', 'cli.officer', '--role', 'officer', '--json']);
    expect(add.code, add.stderr).toBe(0);
    account = add.json();
    expect(Object.keys(account).sort()).toEqual([
      'name',
      'org',
      'password',
      'role',
      'token',
      'tokenExpiresAt',
      'userId',
    ]);
    expect(Math.round((new Date(account.tokenExpiresAt).getTime() - Date.now()) / 86_400_000)).toBe(45);
    const list = await estates(['list', '--json']);
    expect(list.json()).toEqual([
      {
        userId: account.userId,
        name: 'cli.officer',
        role: 'officer',
        createdAt: expect.any(String),
        disabledAt: null,
        passwordChangedAt: null,
        liveTokens: 1,
        oidcIssuer: null,
        org: null,
      },
    ]);
  });

  it('issues, lists and revokes tokens', async () => {
    const issued = await estates(['token-add', 'cli.officer', '--label', 'QGIS', '--days', '3', '--json']);
    expect(issued.code, issued.stderr).toBe(0);
    const { tokenId, token } = issued.json();
    expect(await callerForToken(t.db, token)).toMatchObject({ name: 'cli.officer' });
    const revoke = await estates(['token-revoke', 'cli.officer', String(tokenId)]);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(await callerForToken(t.db, token)).toBeNull();
    const tokens = (await estates(['tokens', 'cli.officer', '--json'])).json();
    expect(tokens.map((x: { label: string; status: string }) => [x.label, x.status])).toEqual([
      ['QGIS', 'revoked'],
      ['created with the account', 'live'],
    ]);
    const again = await estates(['token-revoke', 'cli.officer', String(tokenId)]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/has no unrevoked token/);
  });

  it('disables and re-enables an account', async () => {
    const off = await estates(['disable', 'cli.officer', '--json']);
    expect(off.json()).toMatchObject({ name: 'cli.officer', disabledAt: expect.any(String) });
    expect(await callerForToken(t.db, account.token)).toBeNull();
    const on = await estates(['enable', 'cli.officer', '--json']);
    expect(on.json()).toMatchObject({ disabledAt: null });
    expect(await callerForToken(t.db, account.token)).toMatchObject({ name: 'cli.officer' });
    const unknown = await estates(['disable', 'nobody']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe('estates: no user nobody\n');
  });

  it('resets a password, and lets the owner change theirs from stdin', async () => {
    const reset = (await estates(['reset-password', 'cli.officer', '--json'])).json();
    expect(reset).toMatchObject({ userId: account.userId, name: 'cli.officer', password: expect.any(String) });
    expect(await callerForPassword(t.db, 'cli.officer', account.password)).toBeNull();
    const wrong = await estates(['password', 'cli.officer'], `${account.password}\na long enough new passphrase\n`);
    expect(wrong.code).toBe(5);
    const changed = await estates(['password', 'cli.officer'], `${reset.password}\na long enough new passphrase\n`);
    expect(changed.code, changed.stderr).toBe(0);
    expect(await callerForPassword(t.db, 'cli.officer', 'a long enough new passphrase')).toMatchObject({
      name: 'cli.officer',
    });
  });

  it('shows and lifts a name’s sign-in throttle', async () => {
    const throttle = new SignInThrottle(redis, t.config.QUEUE_PREFIX);
    const now = new Date();
    for (let i = 0; i < 5; i++) await throttle.failed('cli.officer', '10.0.0.7', now);
    await throttle.failed('cli.officer', '10.0.0.8', now);
    const shown = (await estates(['throttle', 'cli.officer', '--json'])).json();
    expect(shown.map((a: { address: string; failures: number }) => [a.address, a.failures]).sort()).toEqual([
      ['10.0.0.7', 5],
      ['10.0.0.8', 1],
    ]);
    const one = (await estates(['unthrottle', 'cli.officer', '--address', '10.0.0.8', '--json'])).json();
    expect(one).toEqual({ cleared: 1 });
    expect(await throttle.nextAttemptAt('cli.officer', '10.0.0.7', now)).not.toBeNull();
    const all = (await estates(['unthrottle', 'cli.officer', '--json'])).json();
    expect(all).toEqual({ cleared: 1 });
    expect(await throttle.list('cli.officer', now)).toEqual([]);
  });
});
