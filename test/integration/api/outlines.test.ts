import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BNG } from '../../../src/api/schemas/ogc.js';
import { startServer, type RunningServer } from '../../../src/api/server.js';
import { ingestInProcess } from '../../support/steps.js';
import { seedEstate, startApiHarness, type ApiHarness, type SeededSite } from './harness.js';

const run = promisify(execFile);
let h: ApiHarness;
let sites: Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>;

/** A 120 m × 100 m outline (1.2 ha) whose south-west corner is the released site's point, in BNG metres. */
const OUTLINE = [
  [531600, 183200],
  [531720, 183200],
  [531720, 183300],
  [531600, 183300],
  [531600, 183200],
];
const outlines = () =>
  new TextEncoder().encode(
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      features: [
        {
          type: 'Feature',
          properties: { site_reference: 'NHSPS-R1' },
          geometry: { type: 'Polygon', coordinates: [OUTLINE] },
        },
      ],
    }),
  );

beforeAll(async () => {
  h = await startApiHarness();
  sites = await seedEstate(h.t);
  const outcome = await ingestInProcess(h.t, 'boundaries', 'outlines.geojson', outlines());
  expect(outcome).toMatchObject({ accepted: 1, rejected: 0 });
});
afterAll(async () => h?.close());

const get = (url: string) => h.app.inject({ url, headers: h.bearer('housing') });

describe('site outlines in the land answers', () => {
  it('serve the outline as the geometry, its measured area beside the stated one, and a point inside it', async () => {
    const body = (await get('/api/land?status=released')).json();
    const site = body.sites.find((s: { siteId: number }) => s.siteId === sites.released.siteId);
    expect(site).toMatchObject({ siteAreaHa: 1.234, outlineAreaHa: 1.2, geometry: { type: 'MultiPolygon' } });
    const ring = site.geometry.coordinates[0][0] as Array<[number, number]>;
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    expect(site.lon).toBeGreaterThan(Math.min(...lons));
    expect(site.lon).toBeLessThan(Math.max(...lons));
    expect(site.lat).toBeGreaterThan(Math.min(...lats));
    expect(site.lat).toBeLessThan(Math.max(...lats));
    // a site without an outline keeps its point
    const pipeline = (await get('/api/land?status=pipeline')).json().sites[0];
    expect(pipeline).toMatchObject({ outlineAreaHa: null, geometry: { type: 'Point' } });
  });

  it('write the outline into the GeoJSON, and its area and inner point into the Brownfield CSV', async () => {
    const geojson = (await get('/api/land?status=released&format=geojson')).json();
    expect(geojson.features.find((f: { id: number }) => f.id === sites.released.siteId).geometry.type).toBe(
      'MultiPolygon',
    );
    const [header = [], ...rows] = parse((await get('/api/land?status=released&format=csv')).body, {
      bom: true,
    }) as string[][];
    const row = rows.find((r) => r.includes('nhsps-NHSPS-R1'))!;
    expect(row[header.indexOf('Hectares')]).toBe('1.20');
    const site = (await get('/api/land?status=released')).json().sites[0];
    expect(row[header.indexOf('GeoX')]).toBe(site.lon.toFixed(6));
  });

  it('serve the outline over OGC in British National Grid, and filter on its area', async () => {
    const res = await get(
      `/ogc/collections/released-land/items/${sites.released.siteId}?crs=${encodeURIComponent(BNG)}`,
    );
    expect(res.json().geometry).toEqual({ type: 'MultiPolygon', coordinates: [[OUTLINE]] });
    const items = await get(`/ogc/collections/released-land/items?filter=${encodeURIComponent('outlineAreaHa > 1')}`);
    expect(items.json().features.map((f: { id: number }) => f.id)).toEqual([sites.released.siteId]);
  });
});

describe('GDAL reads outlines', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(h.t.config, h.t.db, 0);
  });
  afterAll(async () => server?.close());

  it('ogrinfo OAPIF: outlines with a filter and a bearer token, in EPSG:27700', async () => {
    const headers = ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${h.accounts.housing.token}`];
    const source = `OAPIF:${server.url}/ogc`;
    const where = (filter: string) => ['--debug', 'on', '-ro', '-al', '-where', filter, source, 'released-land'];
    const [major = 0, minor = 0] = (/GDAL (\d+)\.(\d+)/.exec((await run('ogrinfo', ['--version'])).stdout) ?? [])
      .slice(1)
      .map(Number);
    const gdalAtLeast37 = major > 3 || (major === 3 && minor >= 7);
    const filtered = await run('ogrinfo', [...headers, ...where('outlineAreaHa > 1')], { timeout: 30_000 });
    expect(filtered.stdout).toMatch(/Feature Count: 1/);
    expect(filtered.stdout).toMatch(/sourceRef \(String\) = NHSPS-R1/);
    expect(filtered.stdout).toMatch(/MULTIPOLYGON \(\(\(-0\.10/);
    // GDAL 3.7+ sends the filter to us as CQL2 (Part 3 declared, outlineAreaHa queryable); Debian 12's
    // GDAL 3.6 reads the pages and applies it itself.
    if (gdalAtLeast37) expect(filtered.stderr).toMatch(/items\?[^\s]*filter=/);
    const none = await run('ogrinfo', [...headers, ...where('outlineAreaHa > 2')], { timeout: 30_000 });
    expect(none.stdout).toMatch(/Feature Count: 0/);
    await expect(run('ogrinfo', ['-ro', '-so', source], { timeout: 30_000 })).rejects.toThrow(/401/);

    // In British National Grid: GDAL 3.7+ asks the server for EPSG:27700 (Part 2, the CRS open option);
    // GDAL 3.6 has no such option, so it reads CRS84 and ogr2ogr brings it to EPSG:27700.
    const crsOption = gdalAtLeast37 ? ['-oo', 'CRS=EPSG:27700'] : ['-t_srs', 'EPSG:27700'];
    const bng = await run(
      'ogr2ogr',
      [
        ...headers,
        '-f',
        'GeoJSON',
        '/vsistdout/',
        source,
        'released-land',
        '-where',
        'outlineAreaHa > 1',
        ...crsOption,
      ],
      { timeout: 30_000 },
    );
    const collection = JSON.parse(bng.stdout);
    expect(collection.crs.properties.name).toMatch(/27700/);
    const ring = collection.features[0].geometry.coordinates[0][0] as Array<[number, number]>;
    expect(ring).toHaveLength(OUTLINE.length);
    ring.forEach(([x, y], i) => {
      expect(Math.abs(x - OUTLINE[i]![0]!)).toBeLessThan(0.05);
      expect(Math.abs(y - OUTLINE[i]![1]!)).toBeLessThan(0.05);
    });
  });
});
