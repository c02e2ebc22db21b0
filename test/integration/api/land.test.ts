import { MEETING_ID } from '../../../src/domain/case-events.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWNFIELD_COLUMNS } from '../../../src/api/serialise/brownfield.js';
import { seedEstate, startApiHarness, type ApiHarness, type SeededSite } from './harness.js';

let h: ApiHarness;
let sites: Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>;
beforeAll(async () => {
  h = await startApiHarness();
  sites = await seedEstate(h.t);
});
afterAll(async () => h?.close());

const get = (url: string, role: 'housing' | 'board' | 'officer' | 'admin' = 'housing') =>
  h.app.inject({ url, headers: h.bearer(role) });
const ids = async (url: string): Promise<number[]> =>
  (await get(url)).json<{ sites: Array<{ siteId: number }> }>().sites.map((s) => s.siteId);
const VALUATION_KEY = /pence|euv|residual|marketValue|netReceipt|working|valuation/i;

describe('GET /api/land', () => {
  it('returns released and pipeline land only, with homes and no valuation figure', async () => {
    const res = await get('/api/land');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.sites.map((s: { siteId: number; status: string }) => [s.siteId, s.status])).toEqual([
      [sites.released.siteId, 'released'],
      [sites.pipeline.siteId, 'pipeline'],
    ]);
    expect(body.sites[0]).toMatchObject({
      homes: 97,
      siteAreaHa: 1.234,
      borough: 'E09000019',
      boroughName: 'Islington',
      stage: 'completed',
      geometry: { type: 'Point' },
    });
    expect(res.body).not.toMatch(VALUATION_KEY);
  });

  it('filters by status, borough (code or name), minHomes and minHa', async () => {
    expect(await ids('/api/land?status=released')).toEqual([sites.released.siteId]);
    expect(await ids('/api/land?status=pipeline')).toEqual([sites.pipeline.siteId]);
    expect(await ids('/api/land?borough=camden')).toEqual([sites.pipeline.siteId]);
    expect(await ids('/api/land?borough=E09000019')).toEqual([sites.released.siteId]);
    expect(await ids('/api/land?minHomes=97')).toEqual([sites.released.siteId]);
    expect(await ids('/api/land?minHomes=98')).toEqual([]);
    expect(await ids('/api/land?minHa=0.5')).toEqual([sites.released.siteId, sites.pipeline.siteId]);
    expect(await ids('/api/land?minHa=0.51')).toEqual([sites.released.siteId]);
  });

  it('finds land near a WGS84 point within a distance in metres, measured in BNG', async () => {
    // the released site is at -0.104121, 51.532378; the pipeline site ~1.39 km west of it
    expect(await ids('/api/land?near=-0.104121,51.532378&within=50')).toEqual([sites.released.siteId]);
    expect(await ids('/api/land?near=-0.104121,51.532378&within=1300')).toEqual([sites.released.siteId]);
    expect(await ids('/api/land?near=-0.104121,51.532378&within=1500')).toEqual([
      sites.released.siteId,
      sites.pipeline.siteId,
    ]);
  });

  it('filters by a WGS84 bbox', async () => {
    expect(await ids('/api/land?bbox=-0.11,51.53,-0.10,51.54')).toEqual([sites.released.siteId]);
    expect(await ids('/api/land?bbox=-0.13,51.52,-0.10,51.54')).toEqual([sites.released.siteId, sites.pipeline.siteId]);
    expect(await ids('/api/land?bbox=0.1,51.3,0.2,51.4')).toEqual([]);
  });

  it('serves GeoJSON (RFC 7946, WGS84, 6 dp) without valuation figures', async () => {
    const res = await get('/api/land?format=geojson');
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features[0]).toMatchObject({
      type: 'Feature',
      id: sites.released.siteId,
      geometry: { type: 'Point', coordinates: [-0.104121, 51.532378] },
      properties: { homes: 97, status: 'released' },
    });
    expect(res.body).not.toMatch(VALUATION_KEY);
  });

  it('serves the Brownfield Land Register 2017 CSV, Excel-safe', async () => {
    const res = await get('/api/land?format=csv&status=released');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row, end] = res.body.split('\r\n');
    expect(header).toBe(BROWNFIELD_COLUMNS.join(','));
    expect(BROWNFIELD_COLUMNS).toHaveLength(28);
    expect(end).toBe('');
    const cells = row!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    const cell = (name: (typeof BROWNFIELD_COLUMNS)[number]): string => cells[BROWNFIELD_COLUMNS.indexOf(name)]!;
    expect(cell('CoordinateReferenceSystem')).toBe('WGS84');
    expect(cell('GeoX')).toBe('-0.104121');
    expect(cell('GeoY')).toBe('51.532378');
    expect(cell('Hectares')).toBe('1.23');
    expect(cell('OwnershipStatus')).toBe('owned by a public authority');
    expect(cell('MinNetDwellings')).toBe('97');
    expect(cell('OrganisationLabel')).toBe('Islington');
    // the site's name starts with "=": it must not reach Excel as a formula
    expect(cell('SiteNameAddress')).toBe(`"'=HYPERLINK(""x"") Released Clinic, 1 High Street, N1 1AA"`);
    expect(res.body).not.toMatch(/987654321|950000000|123456789/);
  });

  it('pages with limit and offset and keeps the total', async () => {
    const page = (await get('/api/land?limit=1&offset=1')).json();
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.sites.map((s: { siteId: number }) => s.siteId)).toEqual([sites.pipeline.siteId]);
    expect((await get('/api/land?limit=1&offset=5')).json()).toMatchObject({ total: 2, sites: [] });
  });
});

describe('bad input never reaches SQL as text, and never gives a 500', () => {
  const bad = [
    '/api/land?status=sold',
    '/api/land?limit=0',
    '/api/land?limit=10001',
    '/api/land?offset=-1',
    '/api/land?minHomes=abc',
    '/api/land?bbox=-0.10,51.54,-0.11,51.53',
    '/api/land?bbox=1,2,3',
    '/api/land?bbox=a,b,c,d',
    '/api/land?near=-0.1,51.5',
    '/api/land?within=100',
    '/api/land?near=200,51.5&within=100',
    '/api/land?within=100000&near=-0.1,51.5',
    '/api/land?color=red',
    '/api/land?format=xlsx',
    '/api/land?bbox=0);DROP TABLE sites;--,1,2,3',
    '/api/ranked?limit=501',
    '/api/ranked?subRegion=%27%20OR%201=1--',
    "/api/sites/1'%20OR%20'1'='1",
  ];
  it.each(bad)('%s → 400 with { error, message }', async (url) => {
    const res = await get(url, 'admin');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'bad_input', message: expect.any(String) });
    expect(res.body).not.toMatch(/SELECT|FROM |at .*\.ts:|node_modules/);
  });

  // An id no row can have (0, past int4) names nothing: 404, and the query never runs.
  it.each(['/api/sites/0', '/api/sites/99999999999'])('%s → 404 with { error, message }', async (url) => {
    const res = await get(url, 'admin');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: expect.any(String) });
  });

  const harmless = [
    '/api/land?borough=%27;%20DROP%20TABLE%20sites;--',
    '/api/land?borough=x%27%20OR%20%271%27=%271',
    '/api/ranked?borough=%27%20OR%201=1--',
  ];
  it.each(harmless)('%s → 200 and nothing found, and the tables are still there', async (url) => {
    const res = await get(url, 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.json().sites).toEqual([]);
    expect((await get('/api/land')).json().total).toBe(2);
  });
});

describe('GET /api/sites/:id and /api/portfolio', () => {
  it('gives the Board the site, scores with components as stored, survey blocks, valuation with working, and open case', async () => {
    const pipeline = (await get(`/api/sites/${sites.pipeline.siteId}`, 'board')).json();
    expect(pipeline).toMatchObject({
      status: 'pipeline',
      homes: 40,
      openCase: { stage: 'due_diligence', version: 0 },
      valuation: {
        homes: 40,
        euvPence: 123456789,
        netReceiptPence: 950000000,
        working: { gdvPence: 1 },
        current: true,
      },
    });
    const released = (await get(`/api/sites/${sites.released.siteId}`, 'officer')).json();
    expect(released.scores).toMatchObject({
      conditionClass: 'rebuild',
      surplusScore: 55.5,
      condition: { matrixCell: 'rebuild', escalators: [] },
      surplus: { components: [{ name: 'unoccupied', input: 5 }] },
    });
    expect(released.surveyBlocks).toEqual([
      { block: 'Main', surveyDate: '2017-03-01', uploadId: 1, record: { physical: 'C' } },
    ]);
    expect(released.openCase).toBeNull();
    expect(released.site.geometry).toEqual({ type: 'Point', coordinates: [-0.104121, 51.532378] });
  });

  it('leaves the valuation out for housing, keeping homes, status, area and geometry', async () => {
    const res = await get(`/api/sites/${sites.pipeline.siteId}`, 'housing');
    const body = res.json();
    expect(body).not.toHaveProperty('valuation');
    expect(body).toMatchObject({
      homes: 40,
      status: 'pipeline',
      site: { siteAreaHa: 0.5, geometry: { type: 'Point' } },
    });
    expect(res.body).not.toMatch(/Pence|working/);
    expect((await get('/api/sites/9999', 'housing')).statusCode).toBe(404);
  });

  it('gives condition-class shares of sites and GIA beside the published 13% / 51%', async () => {
    const p = (await get('/api/portfolio', 'board')).json();
    expect(p.published).toMatchObject({ rebuild: 0.13, refurbish: 0.51 });
    expect(p.overall).toMatchObject({ sites: 4, giaM2: 9000 });
    expect(p.overall.byClass).toEqual([
      { conditionClass: 'maintain', sites: 1, giaM2: 5000, siteShare: 0.25, giaShare: 5000 / 9000 },
      { conditionClass: 'rebuild', sites: 1, giaM2: 2000, siteShare: 0.25, giaShare: 2000 / 9000 },
      { conditionClass: 'refurbish', sites: 2, giaM2: 2000, siteShare: 0.5, giaShare: 2000 / 9000 },
    ]);
    const ncl = p.bySubRegion.find((r: { subRegion: string }) => r.subRegion === 'NCL');
    expect(ncl).toMatchObject({ sites: 2, giaM2: 2800 });
    expect(p.byBorough.find((b: { borough: string }) => b.borough === 'E09000019')).toMatchObject({
      boroughName: 'Islington',
      sites: 1,
      byClass: [{ conditionClass: 'rebuild', siteShare: 1 }],
    });
  });
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3 document listing every registered /api route with its parameters', async () => {
    const res = await h.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Array<{ name: string }>;
            requestBody?: { content: Record<string, { schema: { properties: Record<string, { pattern?: string }> } }> };
            responses: Record<string, { content?: Record<string, { schema: { properties?: object } }> }>;
          }
        >
      >;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const apiRoutes = h.app.registeredRoutes.filter(
      (r) => r.method !== 'HEAD' && (r.url.startsWith('/api/') || r.url.startsWith('/ogc')),
    );
    const missing = apiRoutes
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z][A-Za-z0-9]*)/g, '{$1}')}`)
      .filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
    expect(doc.paths['/api/land']?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'status',
        'borough',
        'minHomes',
        'minHa',
        'near',
        'within',
        'bbox',
        'format',
        'limit',
        'offset',
      ]),
    );
    // bodies and responses come from the zod route schemas (src/api/schemas/)
    const move = doc.paths['/api/cases/{id}/transitions']?.post;
    const body = move?.requestBody?.content['application/json']?.schema.properties;
    expect(Object.keys(body ?? {})).toEqual(expect.arrayContaining(['to', 'reason', 'version', 'meetingId']));
    expect(body?.meetingId?.pattern).toBe(MEETING_ID.source);
    expect(Object.keys(move?.responses['200']?.content?.['application/json']?.schema.properties ?? {})).toEqual(
      expect.arrayContaining(['caseId', 'stage', 'version', 'deadline', 'forecast', 'nextSteps', 'timeline']),
    );
  });
});
