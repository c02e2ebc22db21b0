import { z } from 'zod';
import { MAX_TILE_ZOOM } from '../../db/tiles.js';
import { freeObject, wholeNumber } from './common.js';
import { ogcErrorResponses } from './ogc.js';

/** OGC API – Tiles style: WebMercatorQuad tiles of each collection, and each tileset's metadata. */
const landCollection = z.enum(['released-land', 'pipeline-land']);
const address = {
  z: wholeNumber(0, MAX_TILE_ZOOM),
  // bounded by the zoom in the handler (checkTile), which names the limit
  x: wholeNumber(0, 2 ** MAX_TILE_ZOOM - 1),
  y: wholeNumber(0, 2 ** MAX_TILE_ZOOM - 1),
};
const mvt = z.any().describe('a Mapbox Vector Tile (application/vnd.mapbox-vector-tile), empty when no site is in it');

export const landTile = {
  summary: 'A vector tile of released or pipeline land (WebMercatorQuad z/x/y)',
  tags: ['tiles'],
  params: z.strictObject({ collection: landCollection, ...address }),
  response: { 200: mvt, ...ogcErrorResponses },
};

export const siteTile = {
  summary: 'A vector tile of every site, as the Board’s map draws it (WebMercatorQuad z/x/y)',
  tags: ['tiles'],
  params: z.strictObject(address),
  response: { 200: mvt, ...ogcErrorResponses },
};

const tilesetResponse = {
  200: freeObject.describe('OGC API – Tiles tileset metadata, with TileJSON 3.0 keys (tiles, vector_layers)'),
  ...ogcErrorResponses,
};

export const landTileset = {
  summary: 'Tileset metadata of released or pipeline land',
  tags: ['tiles'],
  params: z.strictObject({ collection: landCollection }),
  response: tilesetResponse,
};

export const siteTileset = {
  summary: 'Tileset metadata of the Board’s site layer',
  tags: ['tiles'],
  response: tilesetResponse,
};
