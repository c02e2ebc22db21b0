import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { DETAIL_MIN_ZOOM, TILE_LAYERS, tileProperties, vectorTile, type TileLayer } from '../../src/db/tiles.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { decodeTile, tileOf, type DecodedFeature } from '../support/tiles.js';
import { toLonLat } from '../../geo/transform.js';
import { seedEstate, type SeededSite } from './api/harness.js';

let t: TestDatabase;
let sites: Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>;

beforeAll(async () => {
  t = await createTestDatabase();
  sites = await seedEstate(t);
});
afterAll(async () => {
  await t?.drop();
});

async function decoded(
  layer: TileLayer,
  role: Role,
  at: { z: number; x: number; y: number },
): Promise<DecodedFeature[]> {
  const tile = decodeTile(await vectorTile(t.db, { layer, ...at, role }), at);
  expect(tile.layers.every((name) => name === layer)).toBe(true);
  return tile.features(layer);
}

const CAMDEN_PIPELINE = { e: 530_200, n: 183_100 };

describe('vector tiles', () => {
  it('draws pipeline land where it is, with its properties and the site id as the feature id', async () => {
    const at = tileOf(CAMDEN_PIPELINE.e, CAMDEN_PIPELINE.n, 14);
    const [feature, ...rest] = await decoded('pipeline-land', 'board', at);
    expect(rest).toEqual([]);
    expect(feature).toMatchObject({
      id: sites.pipeline.siteId,
      type: 1,
      properties: {
        siteId: sites.pipeline.siteId,
        sourceRef: 'NHSPS-P1',
        name: 'Pipeline Health Centre',
        borough: 'E09000007',
        boroughName: 'Camden',
        stage: 'due_diligence',
        siteAreaHa: 0.5,
        homes: 40,
        marketValuePence: 987654321,
      },
    });
    const [lon, lat] = toLonLat({ eastingM: CAMDEN_PIPELINE.e, northingM: CAMDEN_PIPELINE.n });
    const point = feature?.lonLat as { type: string; coordinates: [number, number] };
    expect(point.type).toBe('Point');
    // One tile unit at z14 is ~0.4 m: the decoded point is the site's own.
    expect(Math.abs(point.coordinates[0] - lon)).toBeLessThan(1e-5);
    expect(Math.abs(point.coordinates[1] - lat)).toBeLessThan(1e-5);
  });

  it('keeps each land layer to its own status', async () => {
    const london = tileOf(CAMDEN_PIPELINE.e, CAMDEN_PIPELINE.n, 8);
    expect((await decoded('pipeline-land', 'officer', london)).map((f) => f.id)).toEqual([sites.pipeline.siteId]);
    expect((await decoded('released-land', 'officer', london)).map((f) => f.id)).toEqual([sites.released.siteId]);
    const all = await decoded('sites', 'board', london);
    expect(all.map((f) => f.id).sort()).toEqual(
      Object.values(sites)
        .map((s) => s.siteId)
        .sort(),
    );
    expect(all.find((f) => f.id === sites.none.siteId)?.properties).toMatchObject({
      conditionClass: 'maintain',
      homes: 240,
    });
  });

  it('never carries a valuation for housing, in any layer', async () => {
    const london = tileOf(CAMDEN_PIPELINE.e, CAMDEN_PIPELINE.n, 8);
    for (const layer of TILE_LAYERS) {
      const housing = await decoded(layer, 'housing', london);
      expect(housing.length).toBeGreaterThan(0);
      for (const f of housing) {
        expect(Object.keys(f.properties).sort()).toEqual(
          tileProperties(layer, 'housing')
            .filter((p) => f.properties[p] !== undefined)
            .sort(),
        );
        expect(Object.keys(f.properties).some((p) => /value|pence|receipt|euv|residual/i.test(p))).toBe(false);
      }
      const board = await decoded(layer, 'board', london);
      expect(board.some((f) => typeof f.properties.marketValuePence === 'number')).toBe(true);
    }
  });

  it('draws an outline where a site has one, from zoom 13, and its point below', async () => {
    const { e, n } = CAMDEN_PIPELINE;
    await sql`UPDATE sites SET boundary = ST_Multi(ST_MakeEnvelope(${e - 40}::float8, ${n - 30}::float8, ${e + 40}::float8, ${n + 30}::float8, 27700))
              WHERE id = ${sites.pipeline.siteId}`.execute(t.db);
    const [outline] = await decoded('pipeline-land', 'housing', tileOf(e, n, DETAIL_MIN_ZOOM + 3));
    expect(outline?.type).toBe(3);
    const [point] = await decoded('pipeline-land', 'housing', tileOf(e, n, DETAIL_MIN_ZOOM - 1));
    expect(point?.type).toBe(1);
  });

  it('thins below the detail zoom to one feature per cell, the one with most homes, counting the sites', async () => {
    const { e, n } = CAMDEN_PIPELINE;
    const neighbour = await sql<{ id: number }>`
      INSERT INTO sites (source, source_ref, name, placed_by, geom, record, record_sha256, first_upload_id, last_upload_id)
      SELECT 'nhsps', 'NHSPS-P2', 'Next Door Clinic', 'coordinates', ST_SetSRID(ST_MakePoint(${e + 15}::float8, ${n}::float8), 27700),
             '{}', ${'2'.repeat(64)}, first_upload_id, last_upload_id FROM sites WHERE id = ${sites.pipeline.siteId}
      RETURNING id`.execute(t.db);
    const id = neighbour.rows[0]?.id;
    await sql`INSERT INTO cases (site_id, stage) VALUES (${id}, 'due_diligence')`.execute(t.db);
    await sql`INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes, euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
              VALUES (${id}, 1, 'refurbish', 'valuation-v1', 'test-v1', 500, 1, 1, 1, 1, '{}'::jsonb)`.execute(t.db);
    const thinned = await decoded('pipeline-land', 'housing', tileOf(e, n, 10));
    expect(thinned.map((f) => [f.id, f.properties.sites])).toEqual([[id, 2]]);
    const detailed = await decoded('pipeline-land', 'housing', tileOf(e, n, DETAIL_MIN_ZOOM));
    expect(detailed.map((f) => [f.id, f.properties.sites]).sort()).toEqual(
      [
        [id, 1],
        [sites.pipeline.siteId, 1],
      ].sort(),
    );
  });

  it('answers an empty tile with no bytes, and refuses a tile that does not exist', async () => {
    expect((await vectorTile(t.db, { layer: 'sites', z: 14, x: 0, y: 0, role: 'board' })).length).toBe(0);
    await expect(vectorTile(t.db, { layer: 'sites', z: 23, x: 0, y: 0, role: 'board' })).rejects.toThrow(/zoom 23/);
    await expect(vectorTile(t.db, { layer: 'sites', z: 3, x: 8, y: 0, role: 'board' })).rejects.toThrow(
      /column 8 is outside zoom 3/,
    );
    await expect(vectorTile(t.db, { layer: 'sites', z: 3, x: 1, y: -1, role: 'board' })).rejects.toThrow(/row -1/);
  });
});
