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

const BATCH = 5_000;
let t: TestDatabase;
beforeAll(async () => {
  t = await reliabilityDatabase({ INGEST_BATCH_ROWS: String(BATCH) });
});
afterAll(async () => {
  await stopAllWorkers();
  await t?.drop();
});

describe('a worker killed mid-ingest', () => {
  it('resumes a 100,000-row NHSPS upload on a new worker: every row accounted for once, no site twice, done', async () => {
    const register = await demoRegister(100_006);
    expect(register.dataRows).toBeGreaterThanOrEqual(100_000);
    const env = processEnv(t);
    const stored = await runCli(['ingest', register.file, '--source', 'nhsps', '--json'], env);
    expect(stored.code, stored.stderr).toBe(0);
    const uploadId = (JSON.parse(stored.stdout) as { uploadId: number }).uploadId;

    const first = startWorkersProcess(env);
    const startedAt = Date.now();
    await waitFor(
      'two batches committed',
      async () => (await uploadCounters(t.db, uploadId)).rowsCommitted >= 2 * BATCH,
      { timeoutMs: 120_000 },
    );
    first.kill('SIGKILL');
    await first.exited;
    const atKill = await uploadCounters(t.db, uploadId);
    const killedAfterMs = Date.now() - startedAt;
    // What a crash leaves: whole batches only, counters in step with the rows they describe.
    expect(atKill.status).toBe('ingesting');
    expect(atKill.rowsCommitted % BATCH).toBe(0);
    expect(atKill.rowsCommitted).toBeLessThan(register.dataRows);
    expect(atKill.read).toBe(atKill.rowsCommitted);
    const countsAtKill = await estateCounts(t.db, uploadId);
    expect(countsAtKill.sites).toBe(atKill.accepted);
    expect(countsAtKill.rejections).toBe(atKill.rejected);

    const resumeStarted = Date.now();
    const second = startWorkersProcess(env);
    // Connected before `uploads show --wait` looks, so it follows this process rather than starting its own.
    await waitFor('the new workers process to start', async () => /"workers started"/.test(second.log()), {
      timeoutMs: 60_000,
    });
    const shown = await runCli(['uploads', 'show', String(uploadId), '--wait', '--json'], env, { timeoutMs: 540_000 });
    const doneAfterMs = Date.now() - resumeStarted;
    expect(shown.code, shown.stderr).toBe(0);
    const summary = JSON.parse(shown.stdout) as { status: string; read: number; accepted: number; rejected: number };
    expect(summary.status).toBe('done');
    const final = await uploadCounters(t.db, uploadId);
    const ingestedAfterMs = (final.finishedAt?.getTime() ?? Date.now()) - resumeStarted;

    expect(summary.read).toBe(register.dataRows);
    expect(summary.accepted + summary.rejected).toBe(summary.read);
    expect(final.rowsCommitted).toBe(register.dataRows);
    const counts = await estateCounts(t.db, uploadId);
    expect(counts.sites).toBe(counts.distinctSites);
    expect(counts.sites).toBe(summary.accepted);
    expect(counts.rejections).toBe(summary.rejected);
    const pipeline = await pipelineCompleteness(t.db);
    expect(pipeline.ranked).toBeGreaterThanOrEqual(pipeline.estate);
    expect({ unscored: pipeline.unscored, unvalued: pipeline.unvalued, unranked: pipeline.unranked }).toEqual({
      unscored: 0,
      unvalued: 0,
      unranked: 0,
    });
    expect(second.log()).toMatch(/"upload ingested"/);
    second.kill('SIGTERM');
    await second.exited;

    await recordFigures('crash-mid-ingest', {
      dataRows: register.dataRows,
      batchRows: BATCH,
      killedAfterS: seconds(killedAfterMs),
      rowsCommittedAtKill: atKill.rowsCommitted,
      resumeToIngestedS: seconds(ingestedAfterMs),
      resumeToDoneS: seconds(doneAfterMs),
      read: summary.read,
      accepted: summary.accepted,
      rejected: summary.rejected,
      sites: counts.sites,
      distinctSites: counts.distinctSites,
    });
    // Scoring, valuing and ranking 100,000 sites is most of this test's time on a 2-core machine.
  }, 600_000);
});
