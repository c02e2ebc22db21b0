import { VectorTile } from '@mapbox/vector-tile';
import { sql } from 'kysely';
import { PbfReader } from 'pbf';
import { sitePoints } from '../src/db/map-layers.js';
import { TILE_LAYERS, vectorTile, type TileLayer } from '../src/db/tiles.js';
import type { BenchDatabase } from './lib/estate-db.js';
import { percentile } from './lib/load.js';

export interface TileFigures {
  layer: TileLayer;
  z: number;
  tiles: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Over the tiles asked for: the largest tile and the most features in one. */
  maxBytes: number;
  maxFeatures: number;
}

export interface TilesFigures {
  sites: number;
  landCases: number;
  layers: TileFigures[];
  /** The reference: what the map loads today, every site as one GeoJSON document (/api/map/sites). */
  geojsonMs: number;
  geojsonBytes: number;
}

/** WebMercatorQuad tile column and row of a lon/lat at zoom z. */
export function tileAt(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * Every tile covering the estate at z10 (the whole of London on one screen) and the z14 tiles
 * (a neighbourhood) under `points`, each layer as the Board sees it (valuations included: the
 * larger tile). Each tile is made once to warm the buffer pool, then timed.
 */
export async function benchTiles(
  bench: BenchDatabase,
  points: Array<[number, number]>,
  landCases: number,
): Promise<TilesFigures> {
  const extent = (
    await sql<{ xmin: number; ymin: number; xmax: number; ymax: number }>`
      SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax
      FROM (SELECT ST_Extent(ST_Transform(geom, 4326))::geometry AS e FROM sites) x`.execute(bench.db)
  ).rows[0];
  if (!extent) throw new Error('bench: the estate has no sites');
  const z10: Array<{ x: number; y: number }> = [];
  const nw = tileAt(extent.xmin, extent.ymax, 10);
  const se = tileAt(extent.xmax, extent.ymin, 10);
  for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) z10.push({ x, y });
  const z14 = [...new Map(points.map(([lon, lat]) => tileAt(lon, lat, 14)).map((t) => [`${t.x}/${t.y}`, t])).values()];
  const layers: TileFigures[] = [];
  for (const layer of TILE_LAYERS) {
    for (const [z, tiles] of [
      [10, z10],
      [14, z14],
    ] as const) {
      const times: number[] = [];
      let maxBytes = 0;
      let maxFeatures = 0;
      for (const { x, y } of tiles) {
        await vectorTile(bench.db, { layer, z, x, y, role: 'board' });
        const start = process.hrtime.bigint();
        const bytes = await vectorTile(bench.db, { layer, z, x, y, role: 'board' });
        times.push(ms(start));
        maxBytes = Math.max(maxBytes, bytes.length);
        maxFeatures = Math.max(maxFeatures, new VectorTile(new PbfReader(bytes)).layers[layer]?.length ?? 0);
      }
      times.sort((a, b) => a - b);
      layers.push({
        layer,
        z,
        tiles: tiles.length,
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
        maxMs: times[times.length - 1] ?? NaN,
        maxBytes,
        maxFeatures,
      });
    }
  }
  await sitePoints(bench.db);
  const start = process.hrtime.bigint();
  const geojson = JSON.stringify(await sitePoints(bench.db));
  const geojsonMs = ms(start);
  const sites = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM sites`.execute(bench.db)).rows[0]?.n ?? 0);
  return { sites, landCases, layers, geojsonMs, geojsonBytes: Buffer.byteLength(geojson) };
}
