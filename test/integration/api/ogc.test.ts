import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE } from '../../../src/api/ogc/collections.js';
import { BNG, CRS84 } from '../../../src/api/schemas/ogc.js';
import { startServer, type RunningServer } from '../../../src/api/server.js';
import { addUser } from '../../../src/db/users.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { obliterateQueues } from '../../support/queues.js';
import { seedEstate, type SeededSite } from './harness.js';

const run = promisify(execFile);
let t: TestDatabase;
let server: RunningServer;
let token: string;
let sites: Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>;

beforeAll(async () => {
  t = await createTestDatabase();
  sites = await seedEstate(t);
  token = (await addUser(t.db, 'ogc-housing', 'housing')).token;
  server = await startServer(t.config, t.db, 0);
});
afterAll(async () => {
  await server?.close();
  await obliterateQueues(t.config);
  await t?.drop();
});

const get = async (path: string, auth = true): Promise<Response> =>
  fetch(`${server.url}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });

describe('OGC API – Features over a real socket', () => {
  it('serves the landing page, conformance and collections, only with a token', async () => {
    expect((await get('/ogc', false)).status).toBe(401);
    const landing = await (await get('/ogc')).json();
    expect(landing.links.map((l: { rel: string }) => l.rel)).toEqual(
      expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']),
    );
    expect((await (await get('/ogc/conformance')).json()).conformsTo).toEqual(CONFORMANCE);
    const collections = await (await get('/ogc/collections')).json();
    expect(collections.collections.map((c: { id: string }) => c.id)).toEqual(['released-land', 'pipeline-land']);
    const released = await (await get('/ogc/collections/released-land')).json();
    expect(released).toMatchObject({ id: 'released-land', itemType: 'feature', crs: [CRS84, BNG], storageCrs: BNG });
    expect((await get('/ogc/collections/nothing-here')).status).toBe(404);
  });

  it('pages items with numberMatched, numberReturned, timeStamp and a next link', async () => {
    const first = await get('/ogc/collections/pipeline-land/items?limit=1');
    expect(first.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(first.headers.get('content-crs')).toBe(`<${CRS84}>`);
    const page = await first.json();
    expect(page).toMatchObject({
      type: 'FeatureCollection',
      numberMatched: 1,
      numberReturned: 1,
      timeStamp: expect.any(String),
    });
    expect(page.links.find((l: { rel: string }) => l.rel === 'next')).toBeUndefined();
    const both = await (await get('/ogc/collections/released-land/items?limit=1&offset=1')).json();
    expect(both).toMatchObject({ numberMatched: 1, numberReturned: 0 });
    expect((await get('/ogc/collections/released-land/items?limit=0')).status).toBe(400);
    expect((await get('/ogc/collections/released-land/items?limit=10001')).status).toBe(400);
  });

  it('adds a next link while more items remain', async () => {
    // a second released site makes two pages of one
    await t.db
      .insertInto('cases')
      .values({ site_id: sites.none.siteId, stage: 'completed', closed_at: new Date() })
      .execute();
    const page = await (await get('/ogc/collections/released-land/items?limit=1')).json();
    expect(page).toMatchObject({ numberMatched: 2, numberReturned: 1 });
    const next = page.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toContain('offset=1');
    const second = await (await fetch(next.href, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(second.features.map((f: { id: number }) => f.id)).toEqual([sites.none.siteId]);
  });

  it('serves and filters in British National Grid when asked (Part 2), naming the CRS in Content-Crs', async () => {
    const res = await get(
      `/ogc/collections/released-land/items/${sites.released.siteId}?crs=${encodeURIComponent(BNG)}`,
    );
    expect(res.headers.get('content-crs')).toBe(`<${BNG}>`);
    expect((await res.json()).geometry).toEqual({ type: 'Point', coordinates: [531600, 183200] });
    const bbox = `bbox=531000,183000,532000,184000&bbox-crs=${encodeURIComponent(BNG)}`;
    const inBox = await (await get(`/ogc/collections/released-land/items?${bbox}`)).json();
    expect(inBox.features.map((f: { id: number }) => f.id)).toEqual([sites.released.siteId]);
    const wgs = await (await get('/ogc/collections/released-land/items?bbox=-0.11,51.53,-0.10,51.54')).json();
    expect(wgs.features.map((f: { id: number }) => f.id)).toEqual([sites.released.siteId]);
    expect(
      (
        await get(
          `/ogc/collections/released-land/items?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/3857')}`,
        )
      ).status,
    ).toBe(400);
    expect((await get('/ogc/collections/released-land/items?bbox=1,1,0,0')).status).toBe(400);
  });

  it('gives one feature, and 404 for a site outside the collection', async () => {
    const feature = await (await get(`/ogc/collections/released-land/items/${sites.released.siteId}`)).json();
    expect(feature).toMatchObject({ type: 'Feature', id: sites.released.siteId, properties: { homes: 97 } });
    expect(JSON.stringify(feature)).not.toMatch(/Pence|working/);
    expect((await get(`/ogc/collections/released-land/items/${sites.pipeline.siteId}`)).status).toBe(404);
    expect((await get('/ogc/collections/released-land/items/not-a-number')).status).toBe(404);
  });

  it('is read by GDAL: ogrinfo lists both layers and the feature count', async () => {
    const headers = ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`];
    const list = await run('ogrinfo', [...headers, '-ro', '-q', `OAPIF:${server.url}/ogc`], { timeout: 30_000 });
    expect(list.stdout).toMatch(/released-land/);
    expect(list.stdout).toMatch(/pipeline-land/);
    const layer = await run('ogrinfo', [...headers, '-ro', '-so', `OAPIF:${server.url}/ogc`, 'released-land'], {
      timeout: 30_000,
    });
    expect(layer.stdout).toMatch(/Feature Count: 2/);
    const features = await run('ogrinfo', [...headers, '-ro', '-al', `OAPIF:${server.url}/ogc`, 'pipeline-land'], {
      timeout: 30_000,
    });
    expect(features.stdout).toMatch(/homes \(Integer.*\) = 40/);
    expect(features.stdout).toMatch(/POINT \(-0\.12433 51\.531803\)/);
  });
});
