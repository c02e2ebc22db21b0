import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DETAIL_MIN_ZOOM,
  MAX_TILE_ZOOM,
  checkTile,
  layerSiteCount,
  tileProperties,
  tileVersion,
  vectorTile,
  type TileLayer,
} from '../../db/tiles.js';
import { mayReadValuations } from '../../domain/roles.js';
import { access } from '../access.js';
import { AnswerCache, FreshVersion } from '../answer-cache.js';
import { callerOf, scopeKeyOf } from '../auth.js';
import { logConfidentialRead } from '../confidential.js';
import type { Api, ApiDeps } from '../deps.js';
import { JSON_TYPE, originOf, sendJson } from '../ogc/links.js';
import * as schema from '../schemas/tiles.js';
import { sendSerialised } from '../serialise/bytes.js';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

const TITLES: Record<TileLayer, string> = {
  'released-land': 'Released NHS land',
  'pipeline-land': 'NHS land in the disposal pipeline',
  sites: 'Every site of the estate (the Board’s map)',
};

/**
 * Vector tiles for the map and for QGIS, OGC API – Tiles style: /tiles/{collection}/{z}/{x}/{y}.mvt
 * in WebMercatorQuad, and /tiles/{collection} describing the tileset. A tile is made for the
 * caller's role (housing's carry no valuation), so caches are private and the ETag names what it
 * was made from and whether valuations are in it.
 */
export function tileRoutes(app: Api, { db }: ApiDeps): void {
  // A map pans over the same few hundred tiles; they change only when a case moves, a site is
  // re-uploaded or a run lands. Tiles are at most a few hundred kB (README: 355 kB at z10 over
  // 100,000 sites); 64 MB holds the tiles of several sessions' worth of panning.
  const tiles = new AnswerCache<Buffer>({ maxEntries: 5_000, maxSize: 64 * 2 ** 20, sizeOf: (t) => t.length + 64 });
  const version = new FreshVersion(() => tileVersion(db));

  const sendTile = async (request: FastifyRequest, reply: FastifyReply, layer: TileLayer) => {
    const { z, x, y } = request.params as { z: number; x: number; y: number };
    checkTile({ z, x, y });
    const { role } = callerOf(request);
    const valuations = mayReadValuations(role);
    const current = await version.current();
    // What the caller may see is in the ETag, so a shared browser never reuses another's tile.
    const seer = createHash('sha256').update(scopeKeyOf(request)).digest('hex').slice(0, 12);
    const etag = `"${current}-${seer}-${valuations ? 'v' : 'n'}"`;
    void reply.headers({ 'cache-control': 'private, no-cache', vary: 'Authorization, Cookie', etag });
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    // Each role and organisation gets its own tiles: the database shows them different valuations.
    const key = `${layer}/${z}/${x}/${y}/${scopeKeyOf(request)}`;
    const tile = await tiles.answer(key, current, () => vectorTile(db, { layer, z, x, y, role }));
    // A tile with valuations in it: the tile is named by its URL; its sites are not listed.
    if (valuations && tile.length > 0) await logConfidentialRead(db, request, 'tile', []);
    return sendSerialised(reply, MVT_TYPE, tile);
  };

  const sendTileset = async (request: FastifyRequest, reply: FastifyReply, layer: TileLayer) => {
    const base = `${originOf(request)}/tiles/${layer}`;
    const template = `${base}/{z}/{x}/{y}.mvt`;
    const fields = tileProperties(layer, callerOf(request).role);
    return sendJson(reply, JSON_TYPE, {
      title: TITLES[layer],
      dataType: 'vector',
      crs: 'http://www.opengis.net/def/crs/EPSG/0/3857',
      tileMatrixSetURI: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad',
      links: [
        { rel: 'self', href: base, type: JSON_TYPE, title: 'this tileset' },
        { rel: 'item', href: template, type: MVT_TYPE, templated: true, title: 'a tile' },
      ],
      layers: [{ id: layer, dataType: 'vector', minTileMatrix: '0', maxTileMatrix: String(MAX_TILE_ZOOM) }],
      // TileJSON 3.0, which MapLibre, Leaflet.VectorGrid users and QGIS read.
      tilejson: '3.0.0',
      tiles: [template],
      minzoom: 0,
      maxzoom: MAX_TILE_ZOOM,
      bounds: [-0.5104, 51.2868, 0.334, 51.6919],
      vector_layers: [{ id: layer, fields: Object.fromEntries(fields.map((f) => [f, ''])) }],
      // Ours: from this zoom every site is its own feature (its outline where known); below, cells are thinned.
      detailMinZoom: DETAIL_MIN_ZOOM,
      sites: await layerSiteCount(db, layer),
    });
  };

  app.get('/tiles/sites', { config: access('GET /tiles/sites'), schema: schema.siteTileset }, (request, reply) =>
    sendTileset(request, reply, 'sites'),
  );
  app.get(
    '/tiles/sites/:z/:x/:y.mvt',
    { config: access('GET /tiles/sites/:z/:x/:y.mvt'), schema: schema.siteTile },
    (request, reply) => sendTile(request, reply, 'sites'),
  );
  app.get(
    '/tiles/:collection',
    { config: access('GET /tiles/:collection'), schema: schema.landTileset },
    (request, reply) => sendTileset(request, reply, request.params.collection),
  );
  app.get(
    '/tiles/:collection/:z/:x/:y.mvt',
    { config: access('GET /tiles/:collection/:z/:x/:y.mvt'), schema: schema.landTile },
    (request, reply) => sendTile(request, reply, request.params.collection),
  );
}
