import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAccount } from '../support/accounts.js';
import { REPO } from '../support/cli.js';
import type { TestDatabase } from '../support/database.js';
import { freePort } from '../support/oidc-provider.js';
import { processEnv, recordFigures, reliabilityDatabase, waitFor } from './support.js';

/**
 * Peak memory of a real `estates serve` while it receives uploads of 8, 32 and 96 MB, each
 * streamed over a socket: the file goes to disk and then to PostgreSQL by COPY a chunk at a
 * time, so the peak must not grow with the file (held whole, a 96 MB upload added 96 MB+).
 */
let t: TestDatabase;
let dir: string;
let stop: () => void = () => undefined;
beforeAll(async () => {
  t = await reliabilityDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'estates-upload-memory-'));
});
afterAll(async () => {
  stop();
  await rm(dir, { recursive: true, force: true });
  await t?.drop();
});

const MB = 1024 * 1024;
const statusKb = async (pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number> =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]);

async function registerOf(sizeMb: number): Promise<string> {
  const file = path.join(dir, `register-${sizeMb}.csv`);
  const out = createWriteStream(file);
  out.write('Property Reference,Property Name,Easting,Northing\n');
  let bytes = 0;
  for (let i = 0; bytes < sizeMb * MB; i++) {
    const line = `NHSPS-M${sizeMb}-${i},Memory Test Clinic ${i},${529000 + (i % 900)},${181000 + (i % 700)}\n`;
    bytes += line.length;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return file;
}

/** POST /api/uploads with the file piped from disk, as a browser streams a form. */
function upload(base: string, token: string, file: string): Promise<number> {
  const boundary = '----upload-memory';
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'transfer-encoding': 'chunked',
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nnhsps\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    const body = createReadStream(file);
    body.pipe(req, { end: false });
    body.on('end', () => req.end(`\r\n--${boundary}--\r\n`));
  });
}

describe('upload memory', () => {
  it('the API peak RSS does not grow with the size of the file received', async () => {
    const port = await freePort();
    const server = spawn(process.execPath, [path.join(REPO, 'bin/estates.js'), 'serve', '--port', String(port)], {
      cwd: REPO,
      env: { ...process.env, ...processEnv(t, { MAX_UPLOAD_BYTES: String(200 * MB), LOG_LEVEL: 'warn' }) },
      detached: true,
      stdio: 'ignore',
    });
    stop = () => {
      try {
        process.kill(-server.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const base = `http://127.0.0.1:${port}`;
    await waitFor('the API to listen', async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok === true, {
      timeoutMs: 60_000,
    });
    const { token } = await testAccount(t.db, 'memory-officer', 'officer');
    const pid = server.pid!;
    const figures: Array<{ fileMb: number; rssBeforeMb: number; peakMb: number; seconds: number }> = [];
    for (const sizeMb of [8, 32, 96]) {
      const file = await registerOf(sizeMb);
      // The kernel's high-water mark, reset so each upload's peak is its own.
      await writeFile(`/proc/${pid}/clear_refs`, '5');
      const rssBeforeMb = (await statusKb(pid, 'VmRSS')) / 1024;
      const started = Date.now();
      expect(await upload(base, token, file)).toBe(201);
      const peakMb = (await statusKb(pid, 'VmHWM')) / 1024;
      figures.push({
        fileMb: sizeMb,
        rssBeforeMb: Math.round(rssBeforeMb),
        peakMb: Math.round(peakMb),
        seconds: (Date.now() - started) / 1000,
      });
      await rm(file);
    }
    await recordFigures('upload-memory', { figures });
    const stored = await t.db.selectFrom('uploads').select(['size_bytes']).orderBy('id').execute();
    expect(stored.map((u) => Math.round(Number(u.size_bytes) / MB))).toEqual([8, 32, 96]);
    const [small, , large] = figures;
    // 88 MB more file; held whole it would be at least that much more memory.
    expect(large!.peakMb - small!.peakMb).toBeLessThan(40);
  });
});
