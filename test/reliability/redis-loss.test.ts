import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import type { TestDatabase } from '../support/database.js';
import {
  demoRegister,
  estateCounts,
  flushOwnRedisDatabase,
  pipelineCompleteness,
  processEnv,
  recordFigures,
  reliabilityDatabase,
  seconds,
  startWorkersProcess,
  stopAllWorkers,
  uploadCounters,
  waitFor,
  type WorkersProcess,
} from './support.js';

const BATCH = 500;
let t: TestDatabase;
beforeAll(async () => {
  t = await reliabilityDatabase({ INGEST_BATCH_ROWS: String(BATCH) });
});
afterAll(async () => {
  await stopAllWorkers();
  await t?.drop();
});

/** Redis loses every key (FLUSHDB on the tests' own index), and the workers process dies with it. */
async function loseRedis(workers: WorkersProcess): Promise<void> {
  await flushOwnRedisDatabase();
  workers.kill('SIGKILL');
  await workers.exited;
}

describe('Redis loses everything mid-pipeline', () => {
  it('costs time, not data: restarted workers re-enqueue from Postgres and every site ends scored, valued and ranked', async () => {
    const register = await demoRegister(4_000);
    const env = processEnv(t);
    const stored = await runCli(['ingest', register.file, '--source', 'nhsps', '--json'], env);
    expect(stored.code, stored.stderr).toBe(0);
    const uploadId = (JSON.parse(stored.stdout) as { uploadId: number }).uploadId;
    const started = Date.now();

    // First loss: mid-ingest.
    const first = startWorkersProcess(env);
    await waitFor(
      'a few batches committed',
      async () => (await uploadCounters(t.db, uploadId)).rowsCommitted >= 3 * BATCH,
      { timeoutMs: 120_000 },
    );
    await loseRedis(first);
    const atFirstLoss = await uploadCounters(t.db, uploadId);

    // Second loss: once the upload is ingested, while scoring, valuing and ranking are under way.
    const second = startWorkersProcess(env);
    await waitFor('the upload ingested', async () => (await uploadCounters(t.db, uploadId)).status === 'ingested', {
      timeoutMs: 180_000,
    });
    const stageAtSecondLoss = await pipelineCompleteness(t.db);
    await loseRedis(second);
    expect(second.log()).toMatch(/reconciled unfinished work/);

    const recovered = Date.now();
    const third = startWorkersProcess(env);
    await waitFor('the new workers process to start', async () => /"workers started"/.test(third.log()), {
      timeoutMs: 60_000,
    });
    const shown = await runCli(['uploads', 'show', String(uploadId), '--wait', '--json'], env, { timeoutMs: 240_000 });
    expect(shown.code, shown.stderr).toBe(0);
    const summary = JSON.parse(shown.stdout) as { status: string; read: number; accepted: number; rejected: number };
    expect(summary.status).toBe('done');
    expect(third.log()).toMatch(/reconciled unfinished work/);

    expect(summary.read).toBe(register.dataRows);
    expect(summary.accepted + summary.rejected).toBe(summary.read);
    const counts = await estateCounts(t.db, uploadId);
    expect(counts.sites).toBe(counts.distinctSites);
    expect(counts.sites).toBe(summary.accepted);
    const pipeline = await pipelineCompleteness(t.db);
    expect(pipeline.ranked).toBeGreaterThanOrEqual(pipeline.estate);
    expect(pipeline.scored).toBe(pipeline.estate);
    expect({ unscored: pipeline.unscored, unvalued: pipeline.unvalued, unranked: pipeline.unranked }).toEqual({
      unscored: 0,
      unvalued: 0,
      unranked: 0,
    });
    third.kill('SIGTERM');
    await third.exited;

    await recordFigures('redis-loss', {
      dataRows: register.dataRows,
      rowsCommittedAtFirstLoss: atFirstLoss.rowsCommitted,
      atSecondLoss: {
        estate: stageAtSecondLoss.estate,
        scored: stageAtSecondLoss.scored,
        valued: stageAtSecondLoss.valued,
        ranked: stageAtSecondLoss.ranked,
      },
      recoveryToDoneS: seconds(Date.now() - recovered),
      totalS: seconds(Date.now() - started),
      sites: pipeline.sites,
      unscored: pipeline.unscored,
      unvalued: pipeline.unvalued,
    });
  });
});
