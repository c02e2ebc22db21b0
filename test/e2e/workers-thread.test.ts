import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate } from '../support/cli.js';
import { startWorkersProcess, stopAllWorkers, waitFor } from '../reliability/support.js';

let t: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  ({ t, env } = await openTestEstate());
});
afterAll(async () => {
  await stopAllWorkers();
  await closeTestEstate(t);
});

interface Started {
  thread: boolean;
  heapLimitMb: number;
}

async function startedLine(workers: ReturnType<typeof startWorkersProcess>): Promise<Started> {
  return waitFor(
    'the workers to start',
    async () => {
      const line = workers
        .log()
        .split('\n')
        .find((l) => l.includes('"workers started"'));
      return line ? (JSON.parse(line) as Started) : null;
    },
    { timeoutMs: 60_000 },
  );
}

describe('estates workers', () => {
  it('runs its jobs in a thread whose heap is limited to WORKER_HEAP_MB, and stops in order on SIGTERM', async () => {
    const workers = startWorkersProcess({ ...env, LOG_LEVEL: 'info', WORKER_HEAP_MB: '384' });
    const started = await startedLine(workers);
    expect(started.thread).toBe(true);
    // The limit V8 reports adds the young generation to the old generation's 384 MB.
    expect(started.heapLimitMb).toBeGreaterThanOrEqual(384);
    expect(started.heapLimitMb).toBeLessThan(512);
    workers.kill('SIGTERM');
    expect(await workers.exited).toBe(0);
    expect(workers.log()).toContain('"workers stopped"');
  });

  it("runs them in the main thread, with Node's own heap limit, when WORKER_HEAP_MB is 0", async () => {
    const workers = startWorkersProcess({ ...env, LOG_LEVEL: 'info', WORKER_HEAP_MB: '0' });
    const started = await startedLine(workers);
    expect(started.thread).toBe(false);
    workers.kill('SIGTERM');
    expect(await workers.exited).toBe(0);
  });

  it('exits non-zero, naming the setting, when the thread runs out of heap', async () => {
    const workers = startWorkersProcess({ ...env, LOG_LEVEL: 'info', WORKER_HEAP_MB: '8' });
    expect(await workers.exited).not.toBe(0);
    expect(workers.log()).toMatch(/WORKER_HEAP_MB=8/);
  });
});
