import type { Command } from 'commander';
import { startServer } from '../api/server.js';
import { EstatesError } from '../errors.js';
import type { CliContext } from './context.js';
import { untilSignalled } from './signals.js';
import { say } from './output.js';

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
}
