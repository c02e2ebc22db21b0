import type { Command } from 'commander';
import { migrateAndLoadReference } from '../app-context.js';
import { startWorkers } from '../../workers/index.js';
import { JOB_NAMES } from '../jobs/registry.js';
import type { CliContext } from './context.js';
import { untilSignalled } from './signals.js';
import { printJson, printLine, say } from './output.js';
import { servicesStatus, servicesUp } from './services.js';

export function registerAdmin(program: Command, ctx: CliContext): void {
  const services = program.command('services').description('PostgreSQL+PostGIS and Redis on loopback');
  services
    .command('up')
    .description(
      'use the servers when they answer; otherwise (Debian, root) install and start them, create the role and database of DATABASE_URL and enable PostGIS',
    )
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
        printLine(
          `postgres  ${status.postgres.url}  ${status.postgres.reachable ? `reachable, PostGIS ${status.postgres.postgis ?? 'missing'}` : `NOT reachable: ${status.postgres.error}`}`,
        );
        printLine(
          `redis     ${status.redis.url}  ${status.redis.reachable ? `reachable, Redis ${status.redis.version}` : `NOT reachable: ${status.redis.error}`}`,
        );
      }
      if (!status.postgres.reachable || !status.redis.reachable) process.exitCode = 69;
    });

  program
    .command('migrate')
    .description(
      'apply pending schema migrations (one transaction) and load the shipped borough boundaries when absent',
    )
    .option('--json', 'print JSON: { applied, boroughsLoaded }')
    .action(async (opts: { json?: boolean }) => {
      const outcome = await migrateAndLoadReference(await ctx.db());
      if (opts.json) return printJson(outcome);
      printLine(outcome.applied.length ? `applied ${outcome.applied.join(', ')}` : 'schema up to date');
      if (outcome.boroughsLoaded) printLine(`loaded ${outcome.boroughsLoaded} borough boundaries`);
    });

  program
    .command('queues')
    .description(
      'each queue: jobs waiting, active (with their progress), delayed for retry, completed, and failed (kept for inspection, with the reason)',
    )
    .option(
      '--json',
      'print JSON: [{ queue, counts: { waiting, active, delayed, completed, failed }, active: [{ id, progress }], failed: [{ id, attempts, reason }] }]',
    )
    .action(async (opts: { json?: boolean }) => {
      const queues = await ctx.queues();
      const report = await Promise.all(
        JOB_NAMES.map(async (name) => {
          const queue = queues[name];
          const [counts, active, failed] = await Promise.all([
            queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed'),
            queue.getJobs(['active'], 0, 20),
            queue.getJobs(['failed'], 0, 20),
          ]);
          return {
            queue: name,
            counts,
            active: active.map((j) => ({ id: j.id, progress: j.progress })),
            failed: failed.map((j) => ({ id: j.id, attempts: j.attemptsMade, reason: j.failedReason })),
          };
        }),
      );
      if (opts.json) return printJson(report);
      for (const q of report) {
        const c = q.counts;
        printLine(
          `${q.queue.padEnd(10)} waiting ${c.waiting ?? 0}  active ${c.active ?? 0}  delayed ${c.delayed ?? 0}  completed ${c.completed ?? 0}  failed ${c.failed ?? 0}`,
        );
        for (const a of q.active) printLine(`  running ${a.id}: ${JSON.stringify(a.progress)}`);
        for (const f of q.failed) printLine(`  failed  ${f.id} after ${f.attempts} attempts: ${f.reason}`);
      }
    });

  program
    .command('workers')
    .description(
      'run every queue processor in the foreground (the process a deployment scales out), in a thread whose heap is limited to WORKER_HEAP_MB (default 1024; 0 runs them in the main thread); SIGTERM/SIGINT finish the job in hand, then exit',
    )
    .action(async () => {
      // With WORKER_HEAP_MB > 0, bin/estates.js runs src/cli/workers-main.ts instead of reaching here.
      const signalled = untilSignalled();
      const running = await startWorkers(ctx.config, await ctx.db());
      say(`workers running (queue prefix ${ctx.config.QUEUE_PREFIX}); Ctrl-C to stop`);
      await signalled;
      say('stopping: finishing the jobs in hand');
      await running.stop();
    });
}
