import type { Command } from 'commander';
import { startServer } from '../api/server.js';
import { addUser } from '../db/users.js';
import { ROLES, type Role } from '../domain/roles.js';
import { EstatesError } from '../errors.js';
import type { CliContext } from './context.js';
import { untilSignalled } from './signals.js';
import { printJson, printLine, say } from './output.js';

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the HTTP API and web UI (run workers separately with estates workers)')
    .option('--port <port>', 'port to listen on (default PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const port = opts.port ? Number(opts.port) : ctx.config.PORT;
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new EstatesError('bad_input', '--port must be 1–65535');
      const signalled = untilSignalled();
      const server = await startServer(ctx.config, await ctx.db(), port);
      say(`serving on ${server.url}; Ctrl-C to stop`);
      await signalled;
      await server.close();
    });

  const users = program.command('users').description('local accounts and API tokens');
  users
    .command('add')
    .description('create an account; prints its one-time password and API token (only their hashes are kept)')
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', ROLES.join('|'))
    .option('--json', 'print JSON: { userId, name, role, password, token }')
    .action(async (name: string, opts: { role: string; json?: boolean }) => {
      if (!ROLES.includes(opts.role as Role))
        throw new EstatesError('bad_input', `--role must be one of ${ROLES.join(', ')}`);
      const db = await ctx.db();
      const account = await db.transaction().execute((trx) => addUser(trx, name, opts.role as Role));
      if (opts.json) return printJson(account);
      printLine(`user ${account.name} (${account.role}) created`);
      printLine(`  password  ${account.password}`);
      printLine(`  API token ${account.token}`);
      printLine('  (shown once: only hashes are stored)');
    });
}
