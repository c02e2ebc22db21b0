import type { Command } from 'commander';
import { migrateAndLoadReference } from '../app-context.js';
import { startWorkers } from '../../workers/index.js';
import type { CliContext } from './context.js';
import { printJson, printLine, say } from './output.js';
import { servicesStatus, servicesUp } from './services.js';

export function registerAdmin(program: Command, ctx: CliContext): void {
  const services = program.command('services').description('PostgreSQL+PostGIS and Redis on loopback');
  services
    .command('up')
    .description('use the servers when they answer; otherwise (Debian, root) install and start them, create the role and database of DATABASE_URL and enable PostGIS')
    .option('--json', 'print JSON status')
    .action(async (opts: { json?: boolean }) => {
      const status = await servicesUp(ctx.config, say);
      if (opts.json) return printJson(status);
      printLine(`postgres  ${status.postgres.url}  PostGIS ${status.postgres.postgis}`);
      printLine(`redis     ${status.redis.url}  Redis ${status.redis.version}`);
    });
  services
    .command('status')
    .description('say what is reachable')
    .option('--json', 'print JSON status')
    .action(async (opts: { json?: boolean }) => {
      const status = await servicesStatus(ctx.config);
      if (opts.json) printJson(status);
      else {
        printLine(`postgres  ${status.postgres.url}  ${status.postgres.reachable ? `reachable, PostGIS ${status.postgres.postgis ?? 'missing'}` : `NOT reachable: ${status.postgres.error}`}`);
        printLine(`redis     ${status.redis.url}  ${status.redis.reachable ? `reachable, Redis ${status.redis.version}` : `NOT reachable: ${status.redis.error}`}`);
      }
      if (!status.postgres.reachable || !status.redis.reachable) process.exitCode = 69;
    });

  program
    .command('migrate')
    .description('apply pending schema migrations (one transaction) and load the shipped borough boundaries when absent')
    .option('--json', 'print JSON: { applied, boroughsLoaded }')
    .action(async (opts: { json?: boolean }) => {
      const outcome = await migrateAndLoadReference(await ctx.db());
      if (opts.json) return printJson(outcome);
      printLine(outcome.applied.length ? `applied ${outcome.applied.join(', ')}` : 'schema up to date');
      if (outcome.boroughsLoaded) printLine(`loaded ${outcome.boroughsLoaded} borough boundaries`);
    });

  program
    .command('workers')
    .description('run every queue processor in the foreground (the process a deployment scales out); SIGTERM/SIGINT finish the job in hand, then exit')
    .action(async () => {
      const running = await startWorkers(ctx.config, await ctx.db());
      say(`workers running (queue prefix ${ctx.config.QUEUE_PREFIX}); Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      say('stopping: finishing the jobs in hand');
      await running.stop();
    });
}
