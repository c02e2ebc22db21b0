import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTile, tileOf } from '../../support/tiles.js';
import { seedEstate, startApiHarness, type ApiHarness, type SeededSite } from './harness.js';

let h: ApiHarness;
let sites: Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>;
beforeAll(async () => {
  h = await startApiHarness();
  sites = await seedEstate(h.t);
});
afterAll(async () => h?.close());

const RELEASED_AT = tileOf(531_600, 183_200, 14); // the seed's released site, Islington
const path = (layer: string, at: { z: number; x: number; y: number }) => `/tiles/${layer}/${at.z}/${at.x}/${at.y}.mvt`;
const get = (url: string, role: 'housing' | 'board' | 'officer' | 'admin', headers: Record<string, string> = {}) =>
  h.app.inject({ url, headers: { ...h.bearer(role), ...headers } });

describe('GET /tiles/{collection}/{z}/{x}/{y}.mvt', () => {
  it('serves a land tile as MVT, decoded by @mapbox/vector-tile, without valuations for housing', async () => {
    const res = await get(path('released-land', RELEASED_AT), 'housing');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const tile = decodeTile(res.rawPayload, RELEASED_AT);
    expect(tile.layers).toEqual(['released-land']);
    const [feature, ...rest] = tile.features('released-land');
    expect(rest).toEqual([]);
    expect(feature).toMatchObject({ id: sites.released.siteId, properties: { homes: 97, sourceRef: 'NHSPS-R1' } });
    expect(Object.keys(feature!.properties)).not.toContain('marketValuePence');
    expect(res.rawPayload.includes(Buffer.from('marketValue'))).toBe(false);
    // the same tile for the Board carries the valuation, so the check above can fail
    const board = decodeTile((await get(path('released-land', RELEASED_AT), 'board')).rawPayload, RELEASED_AT);
    expect(board.features('released-land')[0]?.properties.marketValuePence).toBe(987654321);
  });

  it('serves the Board’s site layer to valuers and refuses it to housing', async () => {
    expect((await get(path('sites', RELEASED_AT), 'housing')).statusCode).toBe(403);
    const res = await get(path('sites', RELEASED_AT), 'officer');
    expect(res.statusCode).toBe(200);
    const features = decodeTile(res.rawPayload, RELEASED_AT).features('sites');
    expect(features.map((f) => f.id)).toContain(sites.released.siteId);
    expect(features[0]?.properties).toMatchObject({ conditionClass: 'rebuild' });
  });

  it('is privately cacheable: an ETag per version and role group, 304 when unchanged, a new ETag when a case moves', async () => {
    const url = path('pipeline-land', tileOf(530_200, 183_100, 14));
    const first = await get(url, 'housing');
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers.vary).toMatch(/Authorization/);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^".+-n"$/);
    expect((await get(url, 'board')).headers.etag).not.toBe(etag);
    const again = await get(url, 'housing', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    await sql`UPDATE cases SET stage = 'marketing' WHERE site_id = ${sites.pipeline.siteId}`.execute(h.t.db);
    const moved = await get(url, 'housing', { 'if-none-match': etag });
    expect(moved.statusCode).toBe(200);
    expect(moved.headers.etag).not.toBe(etag);
    const [feature] = decodeTile(moved.rawPayload, tileOf(530_200, 183_100, 14)).features('pipeline-land');
    expect(feature?.properties.stage).toBe('marketing');
  });

  it('answers an empty tile with no bytes, and a tile outside the grid with 400 in the OGC form', async () => {
    const empty = await get('/tiles/released-land/14/0/0.mvt', 'housing');
    expect(empty.statusCode).toBe(200);
    expect(empty.rawPayload.length).toBe(0);
    const outside = await get('/tiles/released-land/3/8/0.mvt', 'housing');
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({
      code: 'InvalidParameterValue',
      description: expect.stringMatching(/outside zoom 3/),
    });
    expect((await get('/tiles/released-land/23/0/0.mvt', 'housing')).statusCode).toBe(400);
    expect((await get('/tiles/valuations/1/0/0.mvt', 'housing')).statusCode).toBe(400);
    expect((await h.app.inject({ url: '/tiles/released-land/1/0/0.mvt' })).statusCode).toBe(401);
  });
});

describe('GET /tiles/{collection}: tileset metadata', () => {
  it('describes WebMercatorQuad tiles with a URL template, the fields the role sees, and the number of sites', async () => {
    const res = await get('/tiles/released-land', 'housing');
    expect(res.statusCode).toBe(200);
    const tileset = res.json();
    expect(tileset).toMatchObject({
      dataType: 'vector',
      tileMatrixSetURI: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad',
      tilejson: '3.0.0',
      tiles: [expect.stringMatching(/\/tiles\/released-land\/\{z\}\/\{x\}\/\{y\}\.mvt$/)],
      sites: 1,
    });
    expect(Object.keys(tileset.vector_layers[0].fields)).toContain('homes');
    expect(Object.keys(tileset.vector_layers[0].fields)).not.toContain('marketValuePence');
    expect(Object.keys((await get('/tiles/released-land', 'board')).json().vector_layers[0].fields)).toContain(
      'marketValuePence',
    );
    expect((await get('/tiles/sites', 'board')).json()).toMatchObject({ sites: 4 });
    expect((await get('/tiles/sites', 'housing')).statusCode).toBe(403);
  });
});
