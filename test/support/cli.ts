import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.js';
import { obliterateQueues } from './queues.js';

export const REPO = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `estates` command (bin/estates.js) with the test's database and queue prefix. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; stdin?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/estates.js'), ...args], {
      cwd: REPO,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`estates ${args.join(' ')} timed out\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const envFor = (config: {
  DATABASE_URL: string;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
}): Record<string, string> => ({
  DATABASE_URL: config.DATABASE_URL,
  REDIS_URL: config.REDIS_URL,
  QUEUE_PREFIX: config.QUEUE_PREFIX,
});

/** A test file's own database and queue prefix, with the environment the CLI needs to use them. */
export async function openTestEstate(): Promise<{ t: TestDatabase; env: Record<string, string> }> {
  const t = await createTestDatabase();
  return { t, env: envFor(t.config) };
}

export async function closeTestEstate(t: TestDatabase): Promise<void> {
  await obliterateQueues(t.config);
  await t.drop();
}

export interface FileEstate {
  t: TestDatabase;
  env: Record<string, string>;
  /** A scratch folder for the files a test writes. */
  dir: string;
}

/** A test file's estate for the CLI, made before its tests and dropped after them; read its fields inside tests. */
export function useTestEstate(): FileEstate {
  const estate = {} as FileEstate;
  beforeAll(async () => {
    Object.assign(estate, await openTestEstate(), { dir: await mkdtemp(path.join(tmpdir(), 'estates-test-')) });
  });
  afterAll(() => closeTestEstate(estate.t));
  return estate;
}
