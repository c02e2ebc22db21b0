import { sql } from 'kysely';
import { demoFiles } from './lib/demo-files.js';
import { createBenchDatabase, type BenchDatabase } from './lib/estate-db.js';
import { allIngested, allRanked, seconds, until, uploadFiles } from './lib/uploads.js';
import { startWorkerProcesses, type WorkerProcesses } from './lib/worker-processes.js';

export interface PipelineFigures {
  sites: number;
  surveyBlocks: number;
  ingestSeconds: number;
  pipelineSeconds: number;
  /** The worker's peak resident set while it ingests the register and surveys. */
  ingestPeakRssMb: number;
  /** The worker's peak over the whole pipeline. */
  workerPeakRssMb: number;
  ranked: number;
}

/**
 * An estate of `sites` register rows plus its condition surveys, uploaded together, timed
 * until the ranked list includes both. Returns the database and workers still running when
 * `keep` is set, so the re-score and query benchmarks can use the same estate.
 */
export async function benchPipeline(
  sites: number,
  keep = false,
): Promise<{ figures: PipelineFigures; bench?: BenchDatabase; workers?: WorkerProcesses }> {
  const files = await demoFiles(sites);
  const bench = await createBenchDatabase(`pipeline_${sites}`);
  const workers = await startWorkerProcesses(bench.config, 1);
  try {
    workers.startPhase();
    const start = process.hrtime.bigint();
    const ids = await uploadFiles(bench.db, bench.config, [
      { file: files.nhsps, source: 'nhsps' },
      { file: files.survey, source: 'survey' },
    ]);
    await until('uploads to be ingested', () => allIngested(bench.db, ids), undefined, 50);
    const ingestSeconds = seconds(start);
    const ingestPeakRssMb = workers.phasePeakRssMb();
    await until('the estate to be ranked', () => allRanked(bench.db, ids));
    const pipelineSeconds = seconds(start);
    const counts = await sql<{ sites: string; blocks: string; ranked: string }>`
      SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM survey_blocks) AS blocks,
             (SELECT count(*) FROM ranked_sites WHERE rank_run_id = (SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1)) AS ranked
    `.execute(bench.db);
    const row = counts.rows[0]!;
    const figures: PipelineFigures = {
      sites: Number(row.sites),
      surveyBlocks: Number(row.blocks),
      ingestSeconds,
      pipelineSeconds,
      ingestPeakRssMb,
      workerPeakRssMb: workers.peakRssMb(),
      ranked: Number(row.ranked),
    };
    if (keep) return { figures, bench, workers };
    await workers.stop();
    await bench.drop();
    return { figures };
  } catch (e) {
    await workers.stop();
    await bench.drop();
    throw e;
  }
}

/** log(t2/t1) / log(n2/n1): 1 is linear, 2 quadratic. */
export const growthExponent = (n1: number, t1: number, n2: number, t2: number): number =>
  Math.log(t2 / t1) / Math.log(n2 / n1);
