import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../support/cli.js';
import type { TestDatabase } from '../support/database.js';
import {
  demoRegister,
  processEnv,
  recordFigures,
  reliabilityDatabase,
  startWorkersProcess,
  stopAllWorkers,
  uploadCounters,
  waitFor,
} from './support.js';

/** The slice of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  errors: number;
  timeouts: number;
  latency: { p50: number };
}
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void,
  ): void;
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CONNECTIONS = 50;
const DURATION_S = 30;
let t: TestDatabase;
let stopServer: (() => void) | undefined;
beforeAll(async () => {
  t = await reliabilityDatabase();
});
afterAll(async () => {
  stopServer?.();
  await stopAllWorkers();
  await t?.drop();
});

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

describe('50 API clients while a 20,000-row upload is ingested', () => {
  it('answers /api/ranked and /api/land for 30 s with no 5xx', async () => {
    const env = processEnv(t, { LOG_LEVEL: 'warn' });
    const workers = startWorkersProcess(env);
    // An estate to read: 5,000 sites through the pipeline, some of them released land.
    const base = await demoRegister(5_000);
    const first = await runCli(['ingest', base.file, '--source', 'nhsps', '--wait', '--json'], env, {
      timeoutMs: 180_000,
    });
    expect(first.code, first.stderr).toBe(0);
    await sql`INSERT INTO cases (site_id, stage, closed_at) SELECT id, 'completed', now() FROM sites ORDER BY id LIMIT 300`.execute(
      t.db,
    );
    const board = await runCli(['users', 'add', 'load-board', '--role', 'board', '--json'], env);
    const token = (JSON.parse(board.stdout) as { token: string }).token;

    const port = await freePort();
    const server = spawn(process.execPath, [path.join(REPO, 'bin/estates.js'), 'serve', '--port', String(port)], {
      cwd: REPO,
      env: { ...process.env, ...env },
      detached: true,
      stdio: 'ignore',
    });
    stopServer = () => {
      try {
        process.kill(-server.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    };
    const url = `http://127.0.0.1:${port}`;
    await waitFor('the API to listen', async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: 60_000 });

    const big = await demoRegister(20_000);
    const stored = await runCli(['ingest', big.file, '--source', 'nhsps', '--json'], env);
    const uploadId = (JSON.parse(stored.stdout) as { uploadId: number }).uploadId;
    await waitFor(
      'the big upload to start ingesting',
      async () => (await uploadCounters(t.db, uploadId)).status === 'ingesting',
      { timeoutMs: 60_000 },
    );

    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const run = (pathname: string) =>
      new Promise<AutocannonResult>((resolve, reject) => {
        const instance = autocannon(
          {
            url: `${url}${pathname}`,
            connections: CONNECTIONS / 2,
            duration: DURATION_S,
            headers: { authorization: `Bearer ${token}` },
            timeout: 20,
          },
          (err, result) => (err ? reject(err) : resolve(result)),
        );
        instance.on('response', (_client, statusCode, _bytes, responseTime) => {
          latencies.push(responseTime);
          statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
        });
      });
    const [ranked, land] = await Promise.all([run('/api/ranked?limit=50'), run('/api/land')]);
    const during = await uploadCounters(t.db, uploadId);

    latencies.sort((a, b) => a - b);
    const fiveXx = [...statuses].filter(([code]) => code >= 500).reduce((n, [, c]) => n + c, 0);
    const figures = {
      connections: CONNECTIONS,
      durationS: DURATION_S,
      requests: latencies.length,
      requestsPerS: Math.round(latencies.length / DURATION_S),
      statuses: Object.fromEntries(statuses),
      errors: ranked.errors + land.errors,
      timeouts: ranked.timeouts + land.timeouts,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1),
      rankedP50Ms: ranked.latency.p50,
      landP50Ms: land.latency.p50,
      ingestRowsCommittedAtEnd: during.rowsCommitted,
      ingestStatusAtEnd: during.status,
    };
    await recordFigures('load', figures);
    expect(fiveXx).toBe(0);
    expect(figures.errors).toBe(0);
    expect(statuses.get(200) ?? 0).toBe(latencies.length);
    expect(latencies.length).toBeGreaterThan(100);
    stopServer();
    workers.kill('SIGTERM');
    await workers.exited;
  });
});
