import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../../src/config.js';
import { JOB_NAMES } from '../../src/jobs/registry.js';

export const REPO = path.resolve(import.meta.dirname, '../..');

export interface WorkerProcesses {
  pids: number[];
  /** Highest resident set of any one worker process so far, in MB (VmHWM, the kernel's own peak). */
  peakRssMb(): number;
  /** Starts a phase: each process's kernel peak is reset to its present resident set (clear_refs 5). */
  startPhase(): void;
  /** Highest resident set of any one worker process since startPhase, in MB. */
  phasePeakRssMb(): number;
  stop(): Promise<void>;
}

/** BENCH_WORKER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the workers. */
const nodeArgs = (): string[] => (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);

function vmHwmMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Linux resets a process's VmHWM to its present RSS when 5 is written to clear_refs (ours, or root). */
function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not Linux, or not allowed: the phase's peak then counts from the process's start (overstates it).
  }
}

/** Starts `estates workers` N times, as a deployment would, each its own process on the same Redis and Postgres. */
export async function startWorkerProcesses(
  config: Config,
  count: number,
  env: Record<string, string> = {},
): Promise<WorkerProcesses> {
  const children: ChildProcess[] = [];
  const peaks = new Map<number, number>();
  const phasePeaks = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [...nodeArgs(), path.join(REPO, 'bin/estates.js'), 'workers'], {
      cwd: REPO,
      env: {
        ...process.env,
        DATABASE_URL: config.DATABASE_URL,
        REDIS_URL: config.REDIS_URL,
        QUEUE_PREFIX: config.QUEUE_PREFIX,
        LOG_LEVEL: 'warn',
        RECONCILE_INTERVAL_MS: '5000',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGTERM' && code !== null)
        process.stderr.write(`bench: worker ${child.pid} exited ${code}\n${stderr}\n`);
    });
    children.push(child);
  }
  const sample = (): void => {
    for (const c of children) {
      if (!c.pid) continue;
      const hwm = vmHwmMb(c.pid);
      peaks.set(c.pid, Math.max(peaks.get(c.pid) ?? 0, hwm));
      phasePeaks.set(c.pid, Math.max(phasePeaks.get(c.pid) ?? 0, hwm));
    }
  };
  const timer = setInterval(sample, 200);
  await waitForWorkersConnected(config, count);
  return {
    pids: children.map((c) => c.pid ?? 0),
    peakRssMb: () => {
      sample();
      return Math.max(0, ...peaks.values());
    },
    startPhase: () => {
      sample();
      for (const c of children) if (c.pid) resetPeak(c.pid);
      phasePeaks.clear();
    },
    phasePeakRssMb: () => {
      sample();
      return Math.max(0, ...phasePeaks.values());
    },
    stop: async () => {
      sample();
      clearInterval(timer);
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
              setTimeout(() => c.kill('SIGKILL'), 20_000).unref();
            }),
        ),
      );
      await obliterateQueues(config);
    },
  };
}

async function waitForWorkersConnected(config: Config, count: number): Promise<void> {
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('rank', { connection, prefix: config.QUEUE_PREFIX });
  try {
    const deadline = Date.now() + 60_000;
    while ((await queue.getWorkersCount()) < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${await queue.getWorkersCount()} of ${count} worker processes connected within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await queue.close();
    await connection.quit();
  }
}

export async function obliterateQueues(config: Config): Promise<void> {
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  try {
    for (const name of JOB_NAMES) {
      const queue = new Queue(name, { connection, prefix: config.QUEUE_PREFIX });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  } finally {
    await connection.quit();
  }
}
