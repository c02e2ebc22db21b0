import { copyFloor, ogr2ogrAvailable, ogr2ogrLoad } from './references.js';
import { demoFiles } from './lib/demo-files.js';
import { createBenchDatabase } from './lib/estate-db.js';
import { accepted, allIngested, allRanked, seconds, until, uploadFiles } from './lib/uploads.js';
import { startWorkerProcesses } from './lib/worker-processes.js';

export interface IngestFigures {
  registerRows: number;
  acceptedRows: number;
  rejectedRows: number;
  /** Upload stored → status 'ingested' (every row validated, placed in its borough and written). */
  ingestSeconds: number;
  rowsPerSecond: number;
  /** Upload stored → ranked list includes it (score, value, rank of the whole estate). */
  pipelineSeconds: number;
  /** The worker's peak resident set while it ingests the file (upload stored → 'ingested'). */
  ingestPeakRssMb: number;
  /** The worker's peak over the whole pipeline: ingest, then score, value and rank of the estate. */
  workerPeakRssMb: number;
  copySeconds: number;
  copyRowsPerSecond: number;
  ratioToCopy: number;
  ogr2ogrSeconds: number | null;
  ogr2ogrRowsPerSecond: number | null;
  ratioToOgr2ogr: number | null;
  ogr2ogrError?: string;
}

/** One NHSPS register through `estates workers` (a separate process, RSS sampled), against COPY and ogr2ogr in the same database. */
export async function benchIngest(registerRows: number, label = 'ingest'): Promise<IngestFigures> {
  const files = await demoFiles(registerRows);
  const bench = await createBenchDatabase(`${label}_${registerRows}`);
  try {
    const workers = await startWorkerProcesses(bench.config, 1);
    let ingestSeconds: number;
    let pipelineSeconds: number;
    let ingestPeakRssMb: number;
    let ids: number[];
    try {
      workers.startPhase();
      const start = process.hrtime.bigint();
      ids = await uploadFiles(bench.db, bench.config, [{ file: files.nhsps, source: 'nhsps' }]);
      await until('the register to be ingested', () => allIngested(bench.db, ids), undefined, 50);
      ingestSeconds = seconds(start);
      ingestPeakRssMb = workers.phasePeakRssMb();
      await until('the register to be ranked', () => allRanked(bench.db, ids));
      pipelineSeconds = seconds(start);
    } finally {
      await workers.stop();
    }
    const workerPeakRssMb = workers.peakRssMb();
    const counts = await accepted(bench.db, ids);
    const copy = await copyFloor(bench.url, files.nhsps);
    const ogr = ogr2ogrAvailable()
      ? ogr2ogrLoad(bench.url, files.nhsps)
      : { error: 'ogr2ogr not installed (apt-get install gdal-bin)' };
    const ogrSeconds = 'seconds' in ogr ? ogr.seconds : null;
    const rowsPerSecond = counts.accepted / ingestSeconds;
    return {
      registerRows,
      acceptedRows: counts.accepted,
      rejectedRows: counts.rejected,
      ingestSeconds,
      rowsPerSecond,
      pipelineSeconds,
      ingestPeakRssMb,
      workerPeakRssMb,
      copySeconds: copy.seconds,
      copyRowsPerSecond: registerRows / copy.seconds,
      ratioToCopy: ingestSeconds / copy.seconds,
      ogr2ogrSeconds: ogrSeconds,
      ogr2ogrRowsPerSecond: ogrSeconds ? registerRows / ogrSeconds : null,
      ratioToOgr2ogr: ogrSeconds ? ingestSeconds / ogrSeconds : null,
      ...('error' in ogr ? { ogr2ogrError: ogr.error } : {}),
    };
  } finally {
    await bench.drop();
  }
}
