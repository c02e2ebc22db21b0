import type { BenchResults } from './run.js';

const n = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || Number.isNaN(v)
    ? '—'
    : v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The figures as a plain-text table, one line per figure, with its reference or target beside it. */
export function formatTable(r: BenchResults): string {
  const rows: Array<[string, string, string]> = [];
  const i = r.ingest;
  if (i) {
    rows.push([
      `ingest ${i.registerRows} NHSPS rows → 'ingested'`,
      `${n(i.ingestSeconds, 2)} s, ${n(i.rowsPerSecond, 0)} rows/s (${i.acceptedRows} accepted, ${i.rejectedRows} rejected)`,
      '≥ 20,000 rows/s',
    ]);
    rows.push([
      '  reference: COPY into bare table + geometry',
      `${n(i.copySeconds, 2)} s, ${n(i.copyRowsPerSecond, 0)} rows/s; ingest is ${n(i.ratioToCopy, 1)}× COPY`,
      '≤ 3× COPY',
    ]);
    rows.push([
      '  reference: ogr2ogr CSV → PostGIS',
      i.ogr2ogrSeconds === null
        ? `not run: ${i.ogr2ogrError ?? ''}`
        : `${n(i.ogr2ogrSeconds, 2)} s, ${n(i.ogr2ogrRowsPerSecond, 0)} rows/s; ingest is ${n(i.ratioToOgr2ogr, 1)}× ogr2ogr`,
      '',
    ]);
    rows.push(['  same upload → ranked (whole pipeline)', `${n(i.pipelineSeconds, 1)} s`, '']);
    rows.push(['  worker peak RSS while ingesting (VmHWM)', `${n(i.ingestPeakRssMb, 0)} MB`, '≤ 400 MB']);
    rows.push(['  worker peak RSS, whole pipeline', `${n(i.workerPeakRssMb, 0)} MB`, '']);
  }
  for (const p of r.pipeline ?? []) {
    rows.push([
      `pipeline ${p.sites} sites + ${p.surveyBlocks} survey blocks`,
      `ingested ${n(p.ingestSeconds, 1)} s (peak RSS ${n(p.ingestPeakRssMb, 0)} MB), ranked ${n(p.pipelineSeconds, 1)} s (peak RSS ${n(p.workerPeakRssMb, 0)} MB)${p.exponentFromPrevious === null ? '' : `, exponent ${n(p.exponentFromPrevious, 2)}`}`,
      p.exponentFromPrevious === null ? '' : '≤ 1.2',
    ]);
  }
  if (r.rescore)
    rows.push([
      `re-score ${r.rescore.sites} sites (one assumption changed)`,
      `${n(r.rescore.seconds, 1)} s until the ranked list reflects it (${r.rescore.valued} revalued)`,
      '≤ 30 s',
    ]);
  for (const s of r.scaleOut ?? []) {
    rows.push([
      `scale-out ${s.workerProcesses} worker process(es), ${s.uploads} upload(s)`,
      `ingested ${n(s.ingestSeconds, 1)} s, ranked ${n(s.pipelineSeconds, 1)} s${s.rescoreSeconds === null ? '' : `, re-score ${n(s.rescoreSeconds, 1)} s`}`,
      '',
    ]);
  }
  const q = r.queries;
  if (q) {
    for (const [name, f] of [
      ['GET /api/ranked (top 50, one borough)', q.ranked],
      ['GET /api/land near a point, 1 km', q.landNear],
      ['OGC items by bbox (pipeline land)', q.ogcBbox],
    ] as const) {
      rows.push([
        `${name}`,
        `p50 ${n(f.p50Ms, 0)} ms, p95 ${n(f.p95Ms, 0)} ms, p99 ${n(f.p99Ms, 0)} ms, ${n(f.requestsPerSecond, 0)} req/s, ${f.non2xx + f.errors} failed`,
        name.startsWith('OGC') ? '' : 'p95 ≤ 20 ms',
      ]);
    }
  }
  const tiles = r.tiles;
  if (tiles) {
    for (const f of tiles.layers)
      rows.push([
        `vector tile ${f.layer} z${f.z} (${f.tiles} tiles, ${tiles.sites} sites)`,
        `p50 ${n(f.p50Ms, 1)} ms, p95 ${n(f.p95Ms, 1)} ms, max ${n(f.maxMs, 1)} ms; largest ${n(f.maxBytes / 1024, 0)} kB, ${f.maxFeatures} features`,
        '',
      ]);
    rows.push([
      '  reference: every site as GeoJSON (/api/map/sites)',
      `${n(tiles.geojsonMs, 0)} ms, ${n(tiles.geojsonBytes / 2 ** 20, 1)} MB`,
      '',
    ]);
  }
  const compare = r.ogcCompare;
  if (compare) {
    const pass = (f: { p50Ms: number; p95Ms: number; totalBytes: number; features: number }): string =>
      `p50 ${n(f.p50Ms, 1)} ms, p95 ${n(f.p95Ms, 1)} ms, ${n(f.totalBytes / 1024, 0)} kB, ${f.features} features`;
    for (const c of compare.comparisons) {
      rows.push([
        `OGC items, ${c.requests} ${c.name} requests (${compare.pipelineSites} pipeline sites)`,
        `same sites in ${c.matching} of ${c.requests}`,
        'all',
      ]);
      rows.push([
        '  ours, first / repeated (answer cache)',
        `${pass(c.ours.first)} / p50 ${n(c.ours.repeated.p50Ms, 1)} ms, p95 ${n(c.ours.repeated.p95Ms, 1)} ms`,
        '',
      ]);
      rows.push([`  reference: ${compare.mapserverVersion} (FastCGI)`, pass(c.mapserver.first), '']);
      rows.push([
        '  ours ÷ MapServer (first pass)',
        `p50 ${n(c.ours.first.p50Ms / c.mapserver.first.p50Ms, 2)}×, p95 ${n(c.ours.first.p95Ms / c.mapserver.first.p95Ms, 2)}×, bytes ${n(c.ours.first.totalBytes / c.mapserver.first.totalBytes, 2)}×`,
        '',
      ]);
    }
    const gdal = (g: {
      features: number | null;
      distinctSites: number | null;
      seconds: number | null;
      error: string | null;
    }): string => g.error ?? `${g.features} features (${g.distinctSites} sites) in ${n(g.seconds, 1)} s`;
    rows.push([
      '  ogrinfo OAPIF: whole collection, ours / MapServer',
      `${gdal(compare.ogrinfo.ours)} / ${gdal(compare.ogrinfo.mapserver)}`,
      '',
    ]);
  }
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  const m = r.machine;
  lines.unshift(
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres}; load average at start ${m.loadAverageAtStart.join(' ')}`,
    '',
  );
  lines.push('', 'targets:');
  for (const t of r.targets)
    lines.push(
      `  ${t.met === null ? '·' : t.met ? '✓' : '✗'} ${t.what.padEnd(30)} ${t.value === null ? '—' : n(t.value, 2)} ${t.unit}  (target ${t.target})`,
    );
  return lines.join('\n');
}
