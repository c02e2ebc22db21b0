import { z } from 'zod';
import { errorSchema, freeObject, wholeNumber } from './common.js';

/** OGC API – Features Part 2: the two coordinate reference systems served, by URI. */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const BNG = 'http://www.opengis.net/def/crs/EPSG/0/27700';

const f = z.enum(['json']).optional().describe('only JSON / GeoJSON is served');
const crs = z.enum([CRS84, BNG]).optional();
const fOnly = z.strictObject({ f });
const collectionId = z.string().max(64);
/** An OGC API exception (Part 1: code, description), with the parameter and term at fault, beside our keys. */
const ogcError = errorSchema
  .extend({
    code: z.string(),
    description: z.string(),
    parameter: z.string().optional(),
    term: z.string().optional(),
  })
  .describe('OGC API exception: code and description; for a refused filter the parameter and term at fault');
export const ogcErrorResponses = { '4xx': ogcError, '5xx': ogcError };
const ogcResponse = (description: string) => ({ 200: freeObject.describe(description), ...ogcErrorResponses });

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

export const queryables = {
  summary: 'Queryables: the properties a filter may name (JSON Schema)',
  tags: ['ogc'],
  params: z.strictObject({ collectionId }),
  querystring: fOnly,
  response: ogcResponse('JSON Schema 2020-12 of the queryable properties'),
};

// Refusals of these are the CQL2 reader's, which name the term at fault; the lengths here only
// bound what is read at all (a filter's own limit, 65,536 characters, is the reader's).
const text = (max: number, description: string) => z.string().max(max).optional().describe(description);

export const items = {
  summary: 'Features of a collection (GeoJSON)',
  tags: ['ogc'],
  params: z.strictObject({ collectionId }),
  querystring: z.strictObject({
    bbox: z.string().max(200).optional().describe('minX,minY,maxX,maxY in bbox-crs (default CRS84)'),
    'bbox-crs': crs,
    crs,
    filter: text(1_000_000, 'CQL2 (OGC 21-065) in filter-lang, on the queryables'),
    'filter-lang': text(64, 'cql2-text (default) or cql2-json'),
    'filter-crs': text(200, 'CRS of geometry literals in the filter: CRS84 (default) or EPSG:27700'),
    datetime: text(100, 'release date: an instant, or start/end with .. for an open end'),
    sortby: text(1_000, 'queryables to sort on, comma-separated, - for descending'),
    properties: text(2_000, 'feature properties to return, comma-separated (the geometry always)'),
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
