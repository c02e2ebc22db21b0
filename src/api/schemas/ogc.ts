import { z } from 'zod';
import { errorResponses, freeObject, wholeNumber } from './common.js';

/** OGC API – Features Part 2: the two coordinate reference systems served, by URI. */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const BNG = 'http://www.opengis.net/def/crs/EPSG/0/27700';

const f = z.enum(['json']).optional().describe('only JSON / GeoJSON is served');
const crs = z.enum([CRS84, BNG]).optional();
const fOnly = z.strictObject({ f });
const collectionId = z.string().max(64);
const ogcResponse = (description: string) => ({ 200: freeObject.describe(description), ...errorResponses });

export const landing = {
  summary: 'OGC API – Features landing page',
  tags: ['ogc'],
  querystring: fOnly,
  response: ogcResponse('landing page with links'),
};

export const conformance = {
  summary: 'Conformance classes',
  tags: ['ogc'],
  querystring: fOnly,
  response: ogcResponse('conformsTo'),
};

export const collections = {
  summary: 'Collections',
  tags: ['ogc'],
  querystring: fOnly,
  response: ogcResponse('collections with links'),
};

export const collection = {
  summary: 'One collection',
  tags: ['ogc'],
  params: z.strictObject({ collectionId }),
  querystring: fOnly,
  response: ogcResponse('collection'),
};

export const items = {
  summary: 'Features of a collection (GeoJSON)',
  tags: ['ogc'],
  params: z.strictObject({ collectionId }),
  querystring: z.strictObject({
    bbox: z.string().max(200).optional().describe('minX,minY,maxX,maxY in bbox-crs (default CRS84)'),
    'bbox-crs': crs,
    crs,
    limit: wholeNumber(1, 10_000).default(10),
    offset: wholeNumber(0, 1_000_000).default(0),
    f,
  }),
  response: ogcResponse('GeoJSON FeatureCollection with links, timeStamp, numberMatched, numberReturned'),
};

export const item = {
  summary: 'One feature (GeoJSON)',
  tags: ['ogc'],
  params: z.strictObject({ collectionId, featureId: z.string().max(32) }),
  querystring: z.strictObject({ crs, f }),
  response: ogcResponse('GeoJSON Feature with links'),
};
