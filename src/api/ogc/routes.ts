import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { landExtent, landSites, landVersion, type LandFilter, type LandSrid, type LandStatus } from '../../db/land.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { AnswerCache, FreshVersion } from '../answer-cache.js';
import { cameOverTls } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, freeObject } from '../schemas.js';
import { GEOJSON_TYPE, landFeature } from '../serialise/geojson.js';
import { parseBbox } from '../spatial-params.js';

/** OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) and Part 2 (CRS by reference). */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const BNG = 'http://www.opengis.net/def/crs/EPSG/0/27700';
const SRID: Record<string, LandSrid> = { [CRS84]: 4326, [BNG]: 27700 };

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];

export const COLLECTIONS: Record<string, { status: LandStatus; title: string; description: string }> = {
  'released-land': {
    status: 'released',
    title: 'Released NHS land',
    description: 'NHS sites whose disposal has completed, with their housing capacity (homes).',
  },
  'pipeline-land': {
    status: 'pipeline',
    title: 'NHS land in the disposal pipeline',
    description: 'NHS sites with an open case approved for disposal or beyond, with their housing capacity (homes).',
  },
};

const JSON_TYPE = 'application/json';

const baseUrl = (request: FastifyRequest): string =>
  `${cameOverTls(request) ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}/ogc`;

const collectionOf = (id: string): { status: LandStatus; title: string; description: string } => {
  const collection = COLLECTIONS[id];
  if (!collection)
    throw new EstatesError('not_found', `no collection ${id}; there are ${Object.keys(COLLECTIONS).join(', ')}`);
  return collection;
};

const sridOf = (uri: string | undefined, parameter: string): LandSrid => {
  if (uri === undefined) return 4326;
  const srid = SRID[uri];
  if (srid === undefined) throw new EstatesError('bad_input', `${parameter} must be ${CRS84} or ${BNG}`);
  return srid;
};

const crsUri = (srid: LandSrid): string => (srid === 4326 ? CRS84 : BNG);

async function collectionJson(deps: ApiDeps, base: string, id: string) {
  const collection = collectionOf(id);
  const extent = await landExtent(deps.db, collection.status);
  return {
    id,
    title: collection.title,
    description: collection.description,
    itemType: 'feature',
    extent: {
      spatial: { bbox: [(extent ?? [-0.5104, 51.2868, 0.334, 51.6919]).map((c) => Number(c.toFixed(6)))], crs: CRS84 },
    },
    crs: [CRS84, BNG],
    storageCrs: BNG,
    links: [
      { href: `${base}/collections/${id}`, rel: 'self', type: JSON_TYPE, title: collection.title },
      {
        href: `${base}/collections/${id}/items`,
        rel: 'items',
        type: GEOJSON_TYPE,
        title: `${collection.title} (GeoJSON)`,
      },
    ],
  };
}

const ogcResponse = (description: string) => ({ 200: { ...freeObject, description }, ...errorResponses });
const fQuery = { f: { type: 'string', enum: ['json'], description: 'only JSON / GeoJSON is served' } } as const;
const collectionParams = {
  type: 'object',
  additionalProperties: false,
  required: ['collectionId'],
  properties: { collectionId: { type: 'string', maxLength: 64 } },
} as const;

const sendJson = (reply: FastifyReply, type: string, body: unknown, srid?: LandSrid): FastifyReply => {
  if (srid !== undefined) void reply.header('content-crs', `<${crsUri(srid)}>`);
  return reply
    .type(type)
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(body);
};

interface ItemsQuery {
  bbox?: string;
  'bbox-crs'?: string;
  crs?: string;
  limit: number;
  offset: number;
  f?: 'json';
}

export function ogcRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { db } = deps;
  // GIS clients page and pan over the same boxes; land changes only when a case moves, a site is
  // re-uploaded or a valuation run lands. Each page's features are kept serialised until their
  // version moves on; links and timeStamp are written around them per request. 1,000 pages of up
  // to 100 features (~13 kB) stay under the 32 MB budget.
  const pages = new AnswerCache<{ total: number; returned: number; features: string }>({
    maxEntries: 1_000,
    maxSize: 32 * 2 ** 20,
    sizeOf: (page) => page.features.length,
  });
  const version = new FreshVersion(() => landVersion(db));
  const landPage = async (filter: LandFilter): Promise<{ total: number; returned: number; features: string }> =>
    pages.answer(JSON.stringify(filter), await version.current(), async () => {
      const { total, sites } = await landSites(db, filter);
      return { total, returned: sites.length, features: JSON.stringify(sites.map(landFeature)) };
    });

  app.get(
    '/ogc',
    {
      config: access('GET /ogc'),
      schema: {
        summary: 'OGC API – Features landing page',
        tags: ['ogc'],
        querystring: { type: 'object', additionalProperties: false, properties: fQuery },
        response: ogcResponse('landing page with links'),
      },
    },
    async (request, reply) => {
      const base = baseUrl(request);
      const api = base.replace(/\/ogc$/, '/api/openapi.json');
      return sendJson(reply, JSON_TYPE, {
        title: 'London Estates: NHS land for housing',
        description: 'Released and pipeline NHS land in London, as OGC API – Features.',
        links: [
          { href: base, rel: 'self', type: JSON_TYPE, title: 'this document' },
          {
            href: api,
            rel: 'service-desc',
            type: 'application/vnd.oai.openapi+json;version=3.0',
            title: 'the API definition',
          },
          { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
          { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'collections' },
        ],
      });
    },
  );

  app.get(
    '/ogc/conformance',
    {
      config: access('GET /ogc/conformance'),
      schema: {
        summary: 'Conformance classes',
        tags: ['ogc'],
        querystring: { type: 'object', additionalProperties: false, properties: fQuery },
        response: ogcResponse('conformsTo'),
      },
    },
    async (_request, reply) => sendJson(reply, JSON_TYPE, { conformsTo: CONFORMANCE }),
  );

  app.get(
    '/ogc/collections',
    {
      config: access('GET /ogc/collections'),
      schema: {
        summary: 'Collections',
        tags: ['ogc'],
        querystring: { type: 'object', additionalProperties: false, properties: fQuery },
        response: ogcResponse('collections with links'),
      },
    },
    async (request, reply) => {
      const base = baseUrl(request);
      const collections = await Promise.all(Object.keys(COLLECTIONS).map((id) => collectionJson(deps, base, id)));
      return sendJson(reply, JSON_TYPE, {
        links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE }],
        crs: [CRS84, BNG],
        collections,
      });
    },
  );

  app.get<{ Params: { collectionId: string } }>(
    '/ogc/collections/:collectionId',
    {
      config: access('GET /ogc/collections/:collectionId'),
      schema: {
        summary: 'One collection',
        tags: ['ogc'],
        params: collectionParams,
        querystring: { type: 'object', additionalProperties: false, properties: fQuery },
        response: ogcResponse('collection'),
      },
    },
    async (request, reply) =>
      sendJson(reply, JSON_TYPE, await collectionJson(deps, baseUrl(request), request.params.collectionId)),
  );

  app.get<{ Params: { collectionId: string }; Querystring: ItemsQuery }>(
    '/ogc/collections/:collectionId/items',
    {
      config: access('GET /ogc/collections/:collectionId/items'),
      schema: {
        summary: 'Features of a collection (GeoJSON)',
        tags: ['ogc'],
        params: collectionParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            bbox: { type: 'string', maxLength: 200, description: 'minX,minY,maxX,maxY in bbox-crs (default CRS84)' },
            'bbox-crs': { type: 'string', enum: [CRS84, BNG] },
            crs: { type: 'string', enum: [CRS84, BNG] },
            limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 10 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
            ...fQuery,
          },
        },
        response: ogcResponse('GeoJSON FeatureCollection with links, timeStamp, numberMatched, numberReturned'),
      },
    },
    async (request, reply) => {
      const id = request.params.collectionId;
      const collection = collectionOf(id);
      const q = request.query;
      const outputSrid = sridOf(q.crs, 'crs');
      const bboxSrid = sridOf(q['bbox-crs'], 'bbox-crs');
      if (q['bbox-crs'] !== undefined && q.bbox === undefined)
        throw new EstatesError('bad_input', 'bbox-crs needs a bbox');
      const { total, returned, features } = await landPage({
        status: collection.status,
        bbox: q.bbox === undefined ? undefined : parseBbox(q.bbox, bboxSrid),
        outputSrid,
        limit: q.limit,
        offset: q.offset,
      });
      const base = baseUrl(request);
      const page = (offset: number): string => {
        const params = new URLSearchParams();
        if (q.bbox !== undefined) params.set('bbox', q.bbox);
        if (q['bbox-crs'] !== undefined) params.set('bbox-crs', q['bbox-crs']);
        if (q.crs !== undefined) params.set('crs', q.crs);
        params.set('limit', String(q.limit));
        params.set('offset', String(offset));
        return `${base}/collections/${id}/items?${params.toString()}`;
      };
      const links = [
        { href: page(q.offset), rel: 'self', type: GEOJSON_TYPE, title: 'this page' },
        { href: `${base}/collections/${id}`, rel: 'collection', type: JSON_TYPE, title: collection.title },
        ...(q.offset + returned < total
          ? [{ href: page(q.offset + q.limit), rel: 'next', type: GEOJSON_TYPE, title: 'next page' }]
          : []),
        ...(q.offset > 0
          ? [{ href: page(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON_TYPE, title: 'previous page' }]
          : []),
      ];
      // The kept features go out as they were serialised; only this request's parts are written now.
      const body = `{"type":"FeatureCollection","features":${features},"links":${JSON.stringify(links)},"timeStamp":"${new Date().toISOString()}","numberMatched":${total},"numberReturned":${returned}}`;
      void reply.header('content-crs', `<${crsUri(outputSrid)}>`);
      return reply
        .type(GEOJSON_TYPE)
        .serializer((payload: unknown) => payload as string)
        .send(body);
    },
  );

  app.get<{ Params: { collectionId: string; featureId: string }; Querystring: { crs?: string; f?: 'json' } }>(
    '/ogc/collections/:collectionId/items/:featureId',
    {
      config: access('GET /ogc/collections/:collectionId/items/:featureId'),
      schema: {
        summary: 'One feature (GeoJSON)',
        tags: ['ogc'],
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['collectionId', 'featureId'],
          properties: { collectionId: { type: 'string', maxLength: 64 }, featureId: { type: 'string', maxLength: 32 } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { crs: { type: 'string', enum: [CRS84, BNG] }, ...fQuery },
        },
        response: ogcResponse('GeoJSON Feature with links'),
      },
    },
    async (request, reply) => {
      const { collectionId, featureId } = request.params;
      const collection = collectionOf(collectionId);
      const outputSrid = sridOf(request.query.crs, 'crs');
      const siteId = /^[1-9][0-9]{0,9}$/.test(featureId) ? Number(featureId) : null;
      const found =
        siteId === null || siteId > 2_147_483_647
          ? []
          : (await landSites(db, { status: collection.status, siteId, outputSrid, limit: 1, offset: 0 })).sites;
      const site = found[0];
      if (!site) throw new EstatesError('not_found', `no feature ${featureId} in ${collectionId}`);
      const base = baseUrl(request);
      return sendJson(
        reply,
        GEOJSON_TYPE,
        {
          ...landFeature(site),
          links: [
            { href: `${base}/collections/${collectionId}/items/${site.siteId}`, rel: 'self', type: GEOJSON_TYPE },
            { href: `${base}/collections/${collectionId}`, rel: 'collection', type: JSON_TYPE },
          ],
        },
        outputSrid,
      );
    },
  );
}
