import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { addToken, changeOwnPassword, resetPassword, revokeUserToken, setDisabled } from '../auth/accounts.js';
import { SignInThrottle } from '../auth/sign-in-throttle.js';
import { listTokens } from '../db/tokens.js';
import { addUser, callerForPassword, findUser, listUsers, type UserRecord } from '../db/users.js';
import { ROLES, type Role } from '../domain/roles.js';
import { EstatesError } from '../errors.js';
import type { CliContext } from './context.js';
import { positiveInt } from './arguments.js';
import { printJson, printLine } from './output.js';

const day = (at: Date | null): string => (at ? at.toISOString().slice(0, 16).replace('T', ' ') : '—');

const userLine = (u: UserRecord): string =>
  `${u.name.padEnd(24)} ${u.role.padEnd(8)} ${u.disabledAt ? `disabled ${day(u.disabledAt)}` : 'enabled'.padEnd(25)} ${u.liveTokens} live token(s)`;

/** Two lines from stdin (current, then new password): never arguments, which shell history keeps. */
async function readTwoLines(): Promise<[string, string]> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  const read: string[] = [];
  for await (const line of lines) if (read.push(line) === 2) break;
  lines.close();
  if (read.length < 2)
    throw new EstatesError('bad_input', 'give the current password, then the new one, each on a line of stdin');
  return [read[0] ?? '', read[1] ?? ''];
}

/** `estates users …`: local accounts, their API tokens and their sign-in throttle. */
export function registerUsers(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('local accounts, their API tokens and sign-in throttles');
  users
    .command('add')
    .description('create an account; prints its one-time password and API token (only their hashes are kept)')
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', ROLES.join('|'))
    .option('--org <code>', 'the organisation the user works for (estates orgs add); officers see only its records')
    .option('--json', 'print JSON: { userId, name, role, org, password, token, tokenExpiresAt }')
    .action(async (name: string, opts: { role: string; org?: string; json?: boolean }) => {
      if (!ROLES.includes(opts.role as Role))
        throw new EstatesError('bad_input', `--role must be one of ${ROLES.join(', ')}`);
      const db = await ctx.db();
      const account = await db
        .transaction()
        .execute((trx) =>
          addUser(trx, name, opts.role as Role, { tokenTtlDays: ctx.config.TOKEN_TTL_DAYS, org: opts.org }),
        );
      if (opts.json) return printJson(account);
      printLine(`user ${account.name} (${account.role}${account.org ? `, ${account.org}` : ''}) created`);
      printLine(`  password  ${account.password}`);
      printLine(`  API token ${account.token} (expires ${day(account.tokenExpiresAt)})`);
      printLine('  (shown once: only hashes are stored)');
    });

  users
    .command('list')
    .description('every account: role, whether disabled, live tokens')
    .option('--json', 'print JSON: [{ userId, name, role, createdAt, disabledAt, passwordChangedAt, liveTokens }]')
    .action(async (opts: { json?: boolean }) => {
      const list = await listUsers(await ctx.db(), new Date());
      if (opts.json) return printJson(list);
      for (const u of list) printLine(userLine(u));
    });

  for (const [command, disabled, what] of [
    ['disable', true, 'disable an account: its sessions end and its tokens stop working at once'],
    ['enable', false, 're-enable a disabled account'],
  ] as const)
    users
      .command(command)
      .description(what)
      .argument('<name>', 'user name')
      .option('--json', 'print JSON: the account as in users list --json')
      .action(async (name: string, opts: { json?: boolean }) => {
        const user = await setDisabled(await ctx.db(), name, disabled, new Date());
        if (opts.json) return printJson(user);
        printLine(userLine(user));
      });

  users
    .command('reset-password')
    .description('give an account a new one-time password (printed once); its sessions end')
    .argument('<name>', 'user name')
    .option('--json', 'print JSON: { userId, name, password }')
    .action(async (name: string, opts: { json?: boolean }) => {
      const reset = await resetPassword(await ctx.db(), name, new Date());
      if (opts.json) return printJson(reset);
      printLine(`new password for ${reset.name}: ${reset.password} (shown once)`);
    });

  users
    .command('password')
    .description('change your own password: reads the current password, then the new one, from stdin')
    .argument('<name>', 'your user name')
    .action(async (name: string) => {
      const [currentPassword, newPassword] = await readTwoLines();
      const db = await ctx.db();
      const caller = await callerForPassword(db, name, currentPassword);
      const outcome = caller
        ? await changeOwnPassword(db, caller, { currentPassword, newPassword }, new Date())
        : 'wrong_current_password';
      if (outcome === 'wrong_current_password')
        throw new EstatesError('unauthenticated', 'unknown name or wrong current password');
      printLine(`password changed for ${name}; other sessions ended`);
    });

  users
    .command('tokens')
    .description("an account's API tokens, newest first (never the tokens themselves)")
    .argument('<name>', 'user name')
    .option('--json', 'print JSON: [{ tokenId, userId, label, createdAt, expiresAt, revokedAt, status }]')
    .action(async (name: string, opts: { json?: boolean }) => {
      const db = await ctx.db();
      const now = new Date();
      const tokens = await listTokens(db, (await findUser(db, name, now)).userId, now);
      if (opts.json) return printJson(tokens);
      for (const t of tokens)
        printLine(`${String(t.tokenId).padStart(6)}  ${t.status.padEnd(8)} expires ${day(t.expiresAt)}  ${t.label}`);
    });

  users
    .command('token-add')
    .description('issue an account a new API token (printed once)')
    .argument('<name>', 'user name')
    .requiredOption('--label <label>', 'what the token is for, e.g. "QGIS on the estates laptop"')
    .option('--days <n>', 'days it lives (default TOKEN_TTL_DAYS)')
    .option('--json', 'print JSON: { tokenId, token, label, expiresAt, userId, name }')
    .action(async (name: string, opts: { label: string; days?: string; json?: boolean }) => {
      const days = opts.days ? positiveInt(opts.days, '--days', 3650) : ctx.config.TOKEN_TTL_DAYS;
      const issued = await addToken(await ctx.db(), name, { label: opts.label, days }, new Date());
      if (opts.json) return printJson(issued);
      printLine(
        `token ${issued.tokenId} for ${issued.name}: ${issued.token} (expires ${day(issued.expiresAt)}; shown once)`,
      );
    });

  users
    .command('token-revoke')
    .description('revoke one of an account’s API tokens: refused from the next request on')
    .argument('<name>', 'user name')
    .argument('<token-id>', 'the number users tokens shows')
    .action(async (name: string, tokenId: string) => {
      await revokeUserToken(await ctx.db(), name, positiveInt(tokenId, 'token id', 2_147_483_647), new Date());
      printLine(`token ${tokenId} of ${name} revoked`);
    });

  users
    .command('throttle')
    .description('addresses whose failed sign-ins at this name are being slowed down')
    .argument('<name>', 'user name')
    .option('--json', 'print JSON: [{ address, failures, lastFailureAt, nextAttemptAt }]')
    .action(async (name: string, opts: { json?: boolean }) => {
      const throttle = new SignInThrottle(await ctx.producer(), ctx.config.QUEUE_PREFIX);
      const list = await throttle.list(name, new Date());
      if (opts.json) return printJson(list);
      if (list.length === 0) printLine(`no failed sign-ins at ${name} on record`);
      for (const a of list)
        printLine(
          `${a.address.padEnd(40)} ${a.failures} failure(s), next attempt ${a.nextAttemptAt ? day(a.nextAttemptAt) : 'now'}`,
        );
    });

  users
    .command('unthrottle')
    .description('lift the sign-in throttle on a name, from every address or from one')
    .argument('<name>', 'user name')
    .option('--address <address>', 'only this client address')
    .option('--json', 'print JSON: { cleared }')
    .action(async (name: string, opts: { address?: string; json?: boolean }) => {
      const throttle = new SignInThrottle(await ctx.producer(), ctx.config.QUEUE_PREFIX);
      const cleared = await throttle.lift(name, opts.address);
      if (opts.json) return printJson({ cleared });
      printLine(`sign-in throttle on ${name} lifted (${cleared} address(es))`);
    });
}
