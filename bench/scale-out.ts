import { demoFiles, splitCsv } from './lib/demo-files.js';
import { createBenchDatabase } from './lib/estate-db.js';
import { allIngested, allRanked, seconds, until, uploadFiles } from './lib/uploads.js';
import { startWorkerProcesses } from './lib/worker-processes.js';
import { benchRescore } from './rescore.js';

export interface ScaleOutRun {
  workerProcesses: number;
  uploads: number;
  ingestSeconds: number;
  pipelineSeconds: number;
  rescoreSeconds: number | null;
}

/**
 * The same register through 1 and 2 `estates workers` processes sharing one Redis and one
 * Postgres, as one upload and split into `parts` uploads. WORKER_CONCURRENCY=1, so the only
 * parallelism is between processes. One upload is one ingest job: a second process has
 * nothing to take; the score, value and rank steps are whole-estate and serialised by an
 * advisory lock, so re-scoring cannot spread either.
 */
export async function benchScaleOut(registerRows: number, parts: number, withRescore: boolean): Promise<ScaleOutRun[]> {
  const files = await demoFiles(registerRows);
  const split = await splitCsv(files.nhsps, parts);
  const runs: ScaleOutRun[] = [];
  for (const uploads of [1, parts]) {
    for (const processes of [1, 2]) {
      const bench = await createBenchDatabase(`scale_${processes}p_${uploads}u`);
      const workers = await startWorkerProcesses(bench.config, processes, { WORKER_CONCURRENCY: '1' });
      try {
        const start = process.hrtime.bigint();
        const ids = await uploadFiles(
          bench.db,
          bench.config,
          (uploads === 1 ? [files.nhsps] : split).map((file) => ({ file, source: 'nhsps' as const })),
        );
        await until('uploads to be ingested', () => allIngested(bench.db, ids), undefined, 50);
        const ingestSeconds = seconds(start);
        await until('the estate to be ranked', () => allRanked(bench.db, ids));
        const pipelineSeconds = seconds(start);
        const rescore = withRescore && uploads === 1 ? await benchRescore(bench, processes, 6 + processes) : null;
        runs.push({
          workerProcesses: processes,
          uploads,
          ingestSeconds,
          pipelineSeconds,
          rescoreSeconds: rescore?.seconds ?? null,
        });
      } finally {
        await workers.stop();
        await bench.drop();
      }
    }
  }
  return runs;
}
