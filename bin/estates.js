#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx compiles on the fly.
import { register } from 'tsx/esm/api';

register();
const [command, ...rest] = process.argv.slice(2);
const heapLimited = (process.env.WORKER_HEAP_MB ?? '1024').trim() !== '0';
if (command === 'workers' && heapLimited && rest.length === 0) {
  // The worker process hosts its jobs in a heap-limited thread and loads nothing else (src/cli/workers-main.ts).
  const { runWorkersCommand } = await import('../src/cli/workers-main.ts');
  process.exit(await runWorkersCommand());
}
await import('../src/cli.ts');
