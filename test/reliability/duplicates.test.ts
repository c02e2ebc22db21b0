import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { testAccount } from '../support/accounts.js';
import { runCli } from '../support/cli.js';
import type { TestDatabase } from '../support/database.js';
import {
  demoRegister,
  estateCounts,
  processEnv,
  recordFigures,
  reliabilityDatabase,
  seconds,
  startWorkersProcess,
  stopAllWorkers,
} from './support.js';

let t: TestDatabase;
let server: RunningServer;
let officerToken: string;
beforeAll(async () => {
  // Five clients race with the same file: the concurrent-upload limits (UPLOADS_AT_ONCE*) are not what this tests.
  t = await reliabilityDatabase({ UPLOADS_AT_ONCE: '8', UPLOADS_AT_ONCE_PER_USER: '8' });
  server = await startServer(t.config, t.db, 0);
  officerToken = (await testAccount(t.db, 'race-officer', 'officer')).token;
});
afterAll(async () => {
  await stopAllWorkers();
  await server?.close();
  await t?.drop();
});

const CLIENTS = 5;

describe('the same file from five clients at once', () => {
  it('is one upload and one set of sites, whether it came over HTTP or through estates ingest', async () => {
    const register = await demoRegister(2_000);
    const bytes = await readFile(register.file);
    const post = async (): Promise<{ status: number; uploadId: number; created: boolean }> => {
      const form = new FormData();
      form.append('source', 'nhsps');
      form.append('file', new Blob([bytes], { type: 'text/csv' }), path.basename(register.file));
      const res = await fetch(`${server.url}/api/uploads`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${officerToken}` },
      });
      const body = (await res.json()) as { uploadId: number; created: boolean };
      return { status: res.status, uploadId: body.uploadId, created: body.created };
    };
    const httpStarted = Date.now();
    const http = await Promise.all(Array.from({ length: CLIENTS }, post));
    const httpMs = Date.now() - httpStarted;
    expect(http.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(http.map((r) => r.uploadId)).size).toBe(1);
    expect(http.filter((r) => r.created)).toHaveLength(1);

    const env = processEnv(t, { LOG_LEVEL: 'warn' });
    const cliStarted = Date.now();
    const cli = await Promise.all(
      Array.from({ length: CLIENTS }, () => runCli(['ingest', register.file, '--source', 'nhsps', '--json'], env)),
    );
    const cliMs = Date.now() - cliStarted;
    for (const r of cli) expect(r.code, r.stderr).toBe(0);
    expect(new Set(cli.map((r) => (JSON.parse(r.stdout) as { uploadId: number }).uploadId))).toEqual(
      new Set([http[0]!.uploadId]),
    );

    const uploads = await t.db.selectFrom('uploads').select(['id']).execute();
    expect(uploads).toHaveLength(1);
    const outbox = await t.db.selectFrom('outbox').select('job_id').where('job_name', '=', 'ingest').execute();
    expect(outbox.map((o) => o.job_id)).toEqual([`upload-${http[0]!.uploadId}`]);

    // Two workers processes race for the one job: the upload row lock lets one ingest it.
    const workers = [startWorkersProcess(env), startWorkersProcess(env)];
    const shown = await runCli(['uploads', 'show', String(http[0]!.uploadId), '--wait', '--json'], env, {
      timeoutMs: 180_000,
    });
    expect(shown.code, shown.stderr).toBe(0);
    const summary = JSON.parse(shown.stdout) as { status: string; read: number; accepted: number; rejected: number };
    expect(summary.status).toBe('done');
    expect(summary.read).toBe(register.dataRows);
    const counts = await estateCounts(t.db, http[0]!.uploadId);
    expect(counts.sites).toBe(counts.distinctSites);
    expect(counts.sites).toBe(summary.accepted);
    const history = await t.db
      .selectFrom('sites')
      .select((eb) => eb.fn.max('data_version').as('v'))
      .executeTakeFirstOrThrow();
    expect(history.v).toBe(1);
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));

    await recordFigures('duplicate-uploads', {
      clients: CLIENTS,
      httpStatuses: http.map((r) => r.status),
      httpAllAnsweredS: seconds(httpMs),
      cliAllAnsweredS: seconds(cliMs),
      uploads: uploads.length,
      sites: counts.sites,
      accepted: summary.accepted,
    });
  });
});
