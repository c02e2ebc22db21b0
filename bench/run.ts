import { cpus, totalmem } from 'node:os';
import { sql } from 'kysely';
import { benchIngest, type IngestFigures } from './ingest.js';
import { benchMapServer, type MapServerFigures } from './mapserver.js';
import { benchPipeline, growthExponent, type PipelineFigures } from './pipeline.js';
import { benchQueries, londonPlaces, seedLandCases, type QueryFigures } from './queries.js';
import { benchRescore, type RescoreFigures } from './rescore.js';
import { benchScaleOut, type ScaleOutRun } from './scale-out.js';
import { benchTiles, type TilesFigures } from './tiles.js';
import { setBenchTag, withAdmin } from './lib/estate-db.js';

export type BenchName = 'ingest' | 'pipeline' | 'rescore' | 'scaleout' | 'queries' | 'tiles' | 'ogc-compare';
export const ALL_BENCHMARKS: BenchName[] = [
  'ingest',
  'pipeline',
  'rescore',
  'scaleout',
  'queries',
  'tiles',
  'ogc-compare',
];

export interface BenchOptions {
  only: BenchName[];
  ingestRows: number;
  /** Register sizes for the pipeline; the largest is also used for re-score and queries. */
  sizes: number[];
  scaleOutParts: number;
  connections: number;
  durationSeconds: number;
  port: number;
  tag: string;
}

export interface Target {
  what: string;
  target: string;
  value: number | null;
  unit: string;
  met: boolean | null;
}

export interface BenchResults {
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    postgres: string;
    loadAverageAtStart: number[];
  };
  startedAt: string;
  finishedAt: string;
  options: BenchOptions;
  ingest?: IngestFigures;
  pipeline?: Array<PipelineFigures & { exponentFromPrevious: number | null }>;
  rescore?: RescoreFigures;
  scaleOut?: ScaleOutRun[];
  queries?: QueryFigures;
  tiles?: TilesFigures;
  ogcCompare?: MapServerFigures;
  targets: Target[];
}

async function machine(): Promise<BenchResults['machine']> {
  const { loadavg } = await import('node:os');
  const postgres = await withAdmin(async (c) => String((await c.query('SHOW server_version')).rows[0].server_version));
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

const target = (
  what: string,
  value: number | null | undefined,
  unit: string,
  limit: number,
  atMost: boolean,
  text: string,
): Target => ({
  what,
  target: text,
  value: value ?? null,
  unit,
  met: value === null || value === undefined ? null : atMost ? value <= limit : value >= limit,
});

export async function runBenchmarks(
  options: BenchOptions,
  progress: (line: string) => void = () => undefined,
): Promise<BenchResults> {
  setBenchTag(options.tag);
  const results: BenchResults = {
    machine: await machine(),
    startedAt: new Date().toISOString(),
    finishedAt: '',
    options,
    targets: [],
  };
  const want = (name: BenchName): boolean => options.only.includes(name);

  if (want('ingest')) {
    progress(`ingest: ${options.ingestRows} NHSPS rows`);
    results.ingest = await benchIngest(options.ingestRows);
    progress(`ingest: ${JSON.stringify(results.ingest)}`);
  }

  const largest = Math.max(...options.sizes);
  // Benchmarks that read the largest estate once it is ranked, after re-score has changed it.
  const readers = want('queries') || want('tiles') || want('ogc-compare');
  if (want('pipeline') || want('rescore') || readers) {
    const sizes = want('pipeline') ? [...options.sizes].sort((a, b) => a - b) : [largest];
    const figures: Array<PipelineFigures & { exponentFromPrevious: number | null }> = [];
    for (const size of sizes) {
      progress(`pipeline: ${size} sites`);
      const keep = size === largest && (want('rescore') || readers);
      const run = await benchPipeline(size, keep);
      const previous = figures[figures.length - 1];
      figures.push({
        ...run.figures,
        exponentFromPrevious: previous
          ? growthExponent(previous.sites, previous.pipelineSeconds, run.figures.sites, run.figures.pipelineSeconds)
          : null,
      });
      progress(`pipeline: ${JSON.stringify(figures[figures.length - 1])}`);
      if (run.bench && run.workers) {
        try {
          if (want('rescore')) {
            progress(`re-score: ${size} sites`);
            results.rescore = await benchRescore(run.bench, 1, 7);
            progress(`re-score: ${JSON.stringify(results.rescore)}`);
          }
          if (readers) {
            const seeded = await seedLandCases(run.bench);
            await sql`VACUUM ANALYZE sites, site_scores, valuations, ranked_sites, rank_runs`.execute(run.bench.db);
            if (want('queries')) {
              progress(`queries: ${size} sites, ${options.connections} clients, ${options.durationSeconds} s each`);
              results.queries = await benchQueries(run.bench, options, seeded);
              progress(`queries: ${JSON.stringify(results.queries)}`);
            }
            if (want('tiles')) {
              progress(`tiles: ${size} sites, z10 and z14, each layer`);
              results.tiles = await benchTiles(run.bench, (await londonPlaces(run.bench)).points, seeded.seeded);
              progress(`tiles: ${JSON.stringify(results.tiles)}`);
            }
            if (want('ogc-compare')) {
              progress(`ogc-compare: ${size} sites, our /ogc beside MapServer's OGC API Features`);
              results.ogcCompare = await benchMapServer(run.bench, (await londonPlaces(run.bench)).points, options);
              progress(`ogc-compare: ${JSON.stringify(results.ogcCompare)}`);
            }
          }
        } finally {
          await run.workers.stop();
          await run.bench.drop();
        }
      }
    }
    if (want('pipeline')) results.pipeline = figures;
  }

  if (want('scaleout')) {
    progress(`scale-out: ${options.ingestRows} rows, 1 and 2 worker processes, 1 and ${options.scaleOutParts} uploads`);
    results.scaleOut = await benchScaleOut(options.ingestRows, options.scaleOutParts, true);
    progress(`scale-out: ${JSON.stringify(results.scaleOut)}`);
  }

  const i = results.ingest;
  const p = results.pipeline ?? [];
  const worstExponent = p.length > 1 ? Math.max(...p.slice(1).map((f) => f.exponentFromPrevious ?? 0)) : null;
  // The target is the ingest worker's, for a file of any size: the peak while ingesting (the
  // register alone, and the register with its surveys at every pipeline size). The peak over the
  // whole pipeline (scoring holds the estate in memory) is reported beside it, without a target.
  const ingestPeakRss = Math.max(i?.ingestPeakRssMb ?? 0, ...p.map((f) => f.ingestPeakRssMb));
  const pipelinePeakRss = Math.max(i?.workerPeakRssMb ?? 0, ...p.map((f) => f.workerPeakRssMb));
  results.targets = [
    target('ingest rows/s', i?.rowsPerSecond, 'rows/s', 20_000, false, '≥ 20,000'),
    target('ingest time ÷ COPY time', i?.ratioToCopy, '×', 3, true, '≤ 3'),
    target(
      `pipeline at ${largest} sites`,
      p.find((f) => f.sites >= largest * 0.99)?.pipelineSeconds ?? p[p.length - 1]?.pipelineSeconds,
      's',
      60,
      true,
      '≤ 60 s',
    ),
    target('growth exponent (worst step)', worstExponent, '', 1.2, true, '≤ 1.2'),
    target('re-score', results.rescore?.seconds, 's', 30, true, '≤ 30 s'),
    target('worker peak RSS, ingesting', ingestPeakRss || null, 'MB', 400, true, '≤ 400 MB'),
    { what: 'worker peak RSS, pipeline', target: 'none set', value: pipelinePeakRss || null, unit: 'MB', met: null },
    target('ranked list p95', results.queries?.ranked.p95Ms, 'ms', 20, true, '≤ 20 ms'),
    target('land near p95', results.queries?.landNear.p95Ms, 'ms', 20, true, '≤ 20 ms'),
  ];
  results.finishedAt = new Date().toISOString();
  return results;
}
