import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALL_BENCHMARKS, runBenchmarks, type BenchResults } from '../../bench/run.js';
import { formatTable } from '../../bench/table.js';

/**
 * Every benchmark once on a 1,000-site estate: proves `npm run bench` produces sane figures.
 * Never asserts a timing (the machine is shared); asserts counts, orderings and references.
 */
describe('npm run bench, small', () => {
  let results: BenchResults;

  it('runs every benchmark against its reference', { timeout: 600_000 }, async () => {
    results = await runBenchmarks({
      only: ALL_BENCHMARKS,
      ingestRows: 1_000,
      sizes: [500, 1_000],
      scaleOutParts: 2,
      connections: 5,
      durationSeconds: 1,
      port: 40_000 + Math.floor(Math.random() * 20_000),
      tag: `smoke_${randomBytes(3).toString('hex')}`,
    });

    const ingest = results.ingest!;
    expect(ingest.acceptedRows).toBeGreaterThanOrEqual(990);
    expect(ingest.acceptedRows).toBeLessThanOrEqual(1_000);
    expect(ingest.rowsPerSecond).toBeGreaterThan(0);
    expect(ingest.pipelineSeconds).toBeGreaterThanOrEqual(ingest.ingestSeconds);
    expect(ingest.copySeconds).toBeGreaterThan(0);
    expect(ingest.ratioToCopy).toBeCloseTo(ingest.ingestSeconds / ingest.copySeconds, 6);
    expect(ingest.workerPeakRssMb).toBeGreaterThan(20);
    expect(ingest.ingestPeakRssMb).toBeGreaterThan(20);
    expect(ingest.ingestPeakRssMb).toBeLessThanOrEqual(ingest.workerPeakRssMb);

    const pipeline = results.pipeline!;
    expect(pipeline.map((p) => p.ranked)).toEqual(pipeline.map((p) => p.sites));
    expect(pipeline[0]!.sites).toBeGreaterThanOrEqual(495);
    expect(pipeline[1]!.sites).toBeGreaterThanOrEqual(990);
    expect(pipeline[0]!.exponentFromPrevious).toBeNull();
    expect(Number.isFinite(pipeline[1]!.exponentFromPrevious)).toBe(true);
    expect(pipeline.every((p) => p.surveyBlocks > 0)).toBe(true);
    expect(pipeline.every((p) => p.ingestPeakRssMb > 20 && p.ingestPeakRssMb <= p.workerPeakRssMb)).toBe(true);

    const rescore = results.rescore!;
    expect(rescore.valued).toBe(rescore.sites);

    expect(results.scaleOut!.map((s) => `${s.workerProcesses}p${s.uploads}u`)).toEqual([
      '1p1u',
      '2p1u',
      '1p2u',
      '2p2u',
    ]);
    expect(results.scaleOut!.filter((s) => s.rescoreSeconds !== null)).toHaveLength(2);

    const tiles = results.tiles!;
    expect(tiles.layers.map((l) => `${l.layer}@${l.z}`)).toEqual([
      'pipeline-land@10',
      'pipeline-land@14',
      'released-land@10',
      'released-land@14',
      'sites@10',
      'sites@14',
    ]);
    expect(tiles.layers.filter((l) => l.z === 10).every((l) => l.maxFeatures > 0 && l.maxBytes > 0)).toBe(true);
    expect(tiles.geojsonBytes).toBeGreaterThan(0);

    const compare = results.ogcCompare!;
    expect(compare.pipelineSites).toBeGreaterThan(0);
    for (const c of compare.comparisons) {
      expect(c.matching).toBe(c.requests);
      expect(c.ours.first.features).toBe(c.mapserver.first.features);
    }
    expect(compare.ogrinfo.ours.features).toBe(compare.pipelineSites);
    expect(compare.ogrinfo.ours.distinctSites).toBe(compare.pipelineSites);
    // One page at this size: MapServer 8.0.0 ignores offset (its issue #6613), so past 1,000 it repeats.
    expect(compare.ogrinfo.mapserver.distinctSites).toBe(compare.pipelineSites);

    const queries = results.queries!;
    expect(queries.released).toBeGreaterThan(0);
    expect(queries.pipeline).toBeGreaterThan(0);
    for (const load of [queries.ranked, queries.landNear, queries.ogcBbox]) {
      expect(load.requests).toBeGreaterThan(0);
      expect(load.non2xx + load.errors).toBe(0);
      expect(load.p50Ms).toBeLessThanOrEqual(load.p95Ms);
      expect(load.p95Ms).toBeLessThanOrEqual(load.p99Ms);
    }
  });

  it('prints a table with every target', () => {
    const table = formatTable(results);
    expect(table).toMatch(/reference: COPY/);
    expect(table).toMatch(/GET \/api\/land near a point/);
    expect(results.targets.map((t) => t.what)).toEqual(
      expect.arrayContaining(['worker peak RSS, ingesting', 'worker peak RSS, pipeline']),
    );
    expect(results.targets.every((t) => t.value !== null)).toBe(true);
  });
});
