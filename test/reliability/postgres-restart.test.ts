import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import type { TestDatabase } from '../support/database.js';
import {
  demoRegister,
  estateCounts,
  pipelineCompleteness,
  processEnv,
  recordFigures,
  reliabilityDatabase,
  seconds,
  startWorkersProcess,
  stopAllWorkers,
  uploadCounters,
  waitFor,
} from './support.js';

const BATCH = 2_500;
let t: TestDatabase;
beforeAll(async () => {
  t = await reliabilityDatabase({ INGEST_BATCH_ROWS: String(BATCH) });
});
afterAll(async () => {
  await stopAllWorkers();
  await t?.drop();
});

/** The Debian cluster `estates services up` runs; a server elsewhere cannot be restarted from here, and the test says so. */
function restartPostgres(): void {
  execFileSync('pg_ctlcluster', ['15', 'main', 'restart'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

describe('PostgreSQL restarts mid-ingest', () => {
  it('the ingest job retries with backoff and finishes; no half batch is ever visible', async () => {
    const register = await demoRegister(40_000);
    const env = processEnv(t);
    const stored = await runCli(['ingest', register.file, '--source', 'nhsps', '--json'], env);
    expect(stored.code, stored.stderr).toBe(0);
    const uploadId = (JSON.parse(stored.stdout) as { uploadId: number }).uploadId;

    const workers = startWorkersProcess(env);
    await waitFor(
      'a few batches committed',
      async () => (await uploadCounters(t.db, uploadId)).rowsCommitted >= 3 * BATCH,
      { timeoutMs: 120_000 },
    );
    const beforeRestart = await uploadCounters(t.db, uploadId);
    const restartAt = Date.now();
    restartPostgres();
    const restartTookMs = Date.now() - restartAt;

    // Watch the counters while it recovers: only whole batches, and sites always = accepted.
    const seen: Array<{ rowsCommitted: number; accepted: number; sites: number }> = [];
    const recovered = waitFor(
      'the upload ingested after the restart',
      async () => {
        // One statement, one snapshot: the counters and the rows they describe, as a reader sees them.
        const r = await sql<{ status: string; rows_committed: number; rows_accepted: number; sites: string }>`
          SELECT status, rows_committed, rows_accepted, (SELECT count(*) FROM sites) AS sites FROM uploads WHERE id = ${uploadId}`.execute(
          t.db,
        );
        const c = r.rows[0]!;
        seen.push({ rowsCommitted: c.rows_committed, accepted: c.rows_accepted, sites: Number(c.sites) });
        return c.status === 'ingested' || c.status === 'failed' ? c : null;
      },
      { timeoutMs: 180_000, intervalMs: 250 },
    );
    await recovered.catch((e: Error) => {
      throw new Error(
        `${e.message}; last seen ${JSON.stringify(seen.at(-1))}; workers log:\n${workers.log().slice(-4000)}`,
      );
    });
    const halfBatches = seen.filter((s) => s.rowsCommitted % BATCH !== 0 && s.rowsCommitted !== register.dataRows);
    expect(halfBatches).toEqual([]);
    expect(seen.filter((o) => o.sites !== o.accepted)).toEqual([]);

    const shown = await runCli(['uploads', 'show', String(uploadId), '--wait', '--json'], env, { timeoutMs: 240_000 });
    expect(shown.code, shown.stderr).toBe(0);
    const summary = JSON.parse(shown.stdout) as { status: string; read: number; accepted: number; rejected: number };
    expect(summary.status).toBe('done');
    expect(summary.read).toBe(register.dataRows);
    expect(summary.accepted + summary.rejected).toBe(summary.read);
    const counts = await estateCounts(t.db, uploadId);
    expect(counts.sites).toBe(summary.accepted);
    expect(counts.sites).toBe(counts.distinctSites);
    expect(counts.rejections).toBe(summary.rejected);
    const pipeline = await pipelineCompleteness(t.db);
    expect({ unscored: pipeline.unscored, unvalued: pipeline.unvalued, unranked: pipeline.unranked }).toEqual({
      unscored: 0,
      unvalued: 0,
      unranked: 0,
    });
    const log = workers.log();
    const retries = (log.match(/"job failed"/g) ?? []).length;
    expect(log).toMatch(/"upload ingested"/);
    workers.kill('SIGTERM');
    await workers.exited;

    await recordFigures('postgres-restart', {
      dataRows: register.dataRows,
      batchRows: BATCH,
      rowsCommittedBeforeRestart: beforeRestart.rowsCommitted,
      restartTookS: seconds(restartTookMs),
      failedAttemptsLogged: retries,
      restartToDoneS: seconds(Date.now() - restartAt),
      observations: seen.length,
      halfBatchesSeen: halfBatches.length,
      sites: counts.sites,
      accepted: summary.accepted,
      rejected: summary.rejected,
    });
  });
});
