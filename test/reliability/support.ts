import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import type { Db } from '../../src/db/connect.js';
import { REPO, runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The reliability tests flush Redis and kill processes, so they use a Redis database index of
 * their own (never FLUSHALL) and run alone, after the main suite.
 */
export const RELIABILITY_REDIS_URL = process.env.RELIABILITY_REDIS_URL ?? 'redis://127.0.0.1:6379/7';

/** Where figures from the last run are kept for RELIABILITY.md (git-ignored). */
export const FIGURES_DIR = path.join(REPO, '.data', 'reliability');

/** Demo files are deterministic (same size and seed, same bytes), so one generation serves every run. */
const DEMO_CACHE = path.join(os.tmpdir(), 'estates-reliability');

export async function reliabilityDatabase(overrides: Record<string, string> = {}): Promise<TestDatabase> {
  return createTestDatabase({ REDIS_URL: RELIABILITY_REDIS_URL, ...overrides });
}

/** The environment a spawned `estates` process needs to use the test's database, Redis db and prefix. */
export function processEnv(t: TestDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: t.config.DATABASE_URL,
    REDIS_URL: t.config.REDIS_URL,
    QUEUE_PREFIX: t.config.QUEUE_PREFIX,
    INGEST_BATCH_ROWS: String(t.config.INGEST_BATCH_ROWS),
    LOG_LEVEL: 'info',
    ...extra,
  };
}

export interface WorkersProcess {
  pid: number;
  /** Everything it logged (pino JSON lines on stderr). */
  log(): string;
  /** Signals the whole process group (node, tsx's esbuild): nothing of it survives a SIGKILL. */
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** `estates workers` in a process group of its own, as a deployment runs it. */
export function startWorkersProcess(env: Record<string, string>): WorkersProcess {
  const child = spawn(process.execPath, [path.join(REPO, 'bin/estates.js'), 'workers'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('estates workers did not start');
  running.add(child);
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
    if (log.length > 2_000_000) log = log.slice(-1_000_000);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const pid = child.pid;
  return {
    pid,
    log: () => log,
    kill: (signal) => {
      try {
        process.kill(-pid, signal);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
    },
    exited,
  };
}

/** Ends every workers process this file started (by its own group id), whatever state a failed test left. */
export async function stopAllWorkers(): Promise<void> {
  for (const child of [...running]) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}

/** FLUSHDB on the reliability tests' own Redis database index: other runs' keys are left alone. */
export async function flushOwnRedisDatabase(): Promise<void> {
  const redis = new Redis(RELIABILITY_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const index = Number(new URL(RELIABILITY_REDIS_URL).pathname.replace(/^\//, '') || '0');
    if (index === 0)
      throw new Error('refusing to FLUSHDB Redis database 0: give RELIABILITY_REDIS_URL a database index of its own');
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** Prints a test's figures and keeps them for RELIABILITY.md. */
export async function recordFigures(name: string, figures: Record<string, unknown>): Promise<void> {
  console.log(`[reliability] ${name}: ${JSON.stringify(figures)}`);
  await mkdir(FIGURES_DIR, { recursive: true });
  await writeFile(
    path.join(FIGURES_DIR, `${name}.json`),
    `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
}

/** A file of the demo estate (117,648 sites, seed 2017), generated once by `estates demo-data` and cached. */
export async function demoEstateFile(name: 'nhsps-register.csv' | 'chp-lift-register.xlsx'): Promise<string> {
  // The demo splits sites 85% NHSPS / 15% CHP; 117,648 sites give 100,001 NHSPS rows plus its bad rows.
  const dir = path.join(DEMO_CACHE, 'demo-117648-2017');
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    const made = await runCli(
      ['demo-data', '--sites', '117648', '--seed', '2017', '--out', dir, '--json'],
      {},
      { timeoutMs: 180_000 },
    );
    if (made.code !== 0) throw new Error(`demo-data failed: ${made.stderr}`);
  }
  return path.join(dir, name);
}

export interface DemoRegister {
  file: string;
  /** Data rows in the file (header excluded), good and bad. */
  dataRows: number;
}

/**
 * An NHSPS register of about `rows` data rows: the demo estate's register (generated once and
 * cached), cut to its first rows. Every row of the demo CSV is one line.
 */
export async function demoRegister(rows: number): Promise<DemoRegister> {
  const full = await demoEstateFile('nhsps-register.csv');
  const lines = (await readFile(full, 'utf8')).split('\n').filter((l) => l !== '');
  const available = lines.length - 1;
  if (rows >= available) return { file: full, dataRows: available };
  const file = path.join(DEMO_CACHE, `nhsps-first-${rows}.csv`);
  if (!existsSync(file)) await writeFile(file, `${lines.slice(0, rows + 1).join('\n')}\n`);
  return { file, dataRows: rows };
}

export interface UploadCounters {
  status: string;
  rowsCommitted: number;
  read: number;
  accepted: number;
  rejected: number;
  error: string | null;
  finishedAt: Date | null;
}

export async function uploadCounters(db: Db, uploadId: number): Promise<UploadCounters> {
  const row = await db
    .selectFrom('uploads')
    .select(['status', 'rows_committed', 'rows_read', 'rows_accepted', 'rows_rejected', 'error', 'finished_at'])
    .where('id', '=', uploadId)
    .executeTakeFirstOrThrow();
  return {
    status: row.status,
    rowsCommitted: row.rows_committed,
    read: row.rows_read,
    accepted: row.rows_accepted,
    rejected: row.rows_rejected,
    error: row.error,
    finishedAt: row.finished_at,
  };
}

export interface EstateCounts {
  sites: number;
  distinctSites: number;
  rejections: number;
}

export async function estateCounts(db: Db, uploadId: number): Promise<EstateCounts> {
  const r = await sql<{ sites: string; distinct_sites: string; rejections: string }>`
    SELECT (SELECT count(*) FROM sites) AS sites,
           (SELECT count(DISTINCT (source, source_ref)) FROM sites) AS distinct_sites,
           (SELECT count(*) FROM upload_rejections WHERE upload_id = ${uploadId}) AS rejections`.execute(db);
  const row = r.rows[0]!;
  return { sites: Number(row.sites), distinctSites: Number(row.distinct_sites), rejections: Number(row.rejections) };
}

/**
 * The pipeline caught up: ranked at or after the estate version, every site scored in the latest
 * score run, and valued at its current data version.
 */
export async function pipelineCompleteness(db: Db): Promise<{
  estate: number;
  scored: number | null;
  valued: number | null;
  ranked: number | null;
  sites: number;
  unscored: number;
  unvalued: number;
  unranked: number;
}> {
  const r = await sql<{
    estate: number;
    scored: number | null;
    valued: number | null;
    ranked: number | null;
    sites: string;
    unscored: string;
    unvalued: string;
    unranked: string;
  }>`
    WITH latest_score AS (SELECT id FROM score_runs ORDER BY estate_version DESC LIMIT 1),
         latest_rank AS (SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1)
    SELECT (SELECT version FROM estate_state) AS estate,
           (SELECT max(estate_version) FROM score_runs) AS scored,
           (SELECT max(estate_version) FROM value_runs) AS valued,
           (SELECT max(estate_version) FROM rank_runs) AS ranked,
           (SELECT count(*) FROM sites) AS sites,
           (SELECT count(*) FROM sites s WHERE NOT EXISTS (
              SELECT 1 FROM site_scores sc WHERE sc.site_id = s.id AND sc.score_run_id = (SELECT id FROM latest_score))) AS unscored,
           (SELECT count(*) FROM sites s WHERE NOT EXISTS (
              SELECT 1 FROM valuations v WHERE v.site_id = s.id AND v.site_data_version = s.data_version)) AS unvalued,
           (SELECT count(*) FROM sites s WHERE NOT EXISTS (
              SELECT 1 FROM ranked_sites r WHERE r.site_id = s.id AND r.rank_run_id = (SELECT id FROM latest_rank))) AS unranked`.execute(
    db,
  );
  const row = r.rows[0]!;
  return {
    estate: row.estate,
    scored: row.scored,
    valued: row.valued,
    ranked: row.ranked,
    sites: Number(row.sites),
    unscored: Number(row.unscored),
    unvalued: Number(row.unvalued),
    unranked: Number(row.unranked),
  };
}

export const seconds = (ms: number): number => Math.round(ms / 100) / 10;
