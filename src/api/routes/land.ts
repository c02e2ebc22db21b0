import type { FastifyInstance } from 'fastify';
import { landSites, landVersion, type LandFilter, type LandStatus } from '../../db/land.js';
import { access } from '../access.js';
import { AnswerCache, FreshVersion } from '../answer-cache.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, freeObject } from '../schemas.js';
import { brownfieldCsv } from '../serialise/brownfield.js';
import { GEOJSON_TYPE, landFeature } from '../serialise/geojson.js';
import { parseBbox, parseNear } from '../spatial-params.js';

interface LandQuery {
  status?: LandStatus;
  borough?: string;
  minHomes?: number;
  minHa?: number;
  near?: string;
  within?: number;
  bbox?: string;
  format: 'json' | 'geojson' | 'csv';
  limit: number;
  offset: number;
}

const landQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['released', 'pipeline'] },
    borough: { type: 'string', maxLength: 64, description: 'GSS code (E09…) or borough name' },
    minHomes: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    minHa: { type: 'number', minimum: 0, maximum: 100_000 },
    near: { type: 'string', maxLength: 64, description: 'lon,lat in WGS84; needs within' },
    within: { type: 'number', exclusiveMinimum: 0, maximum: 50_000, description: 'metres from near' },
    bbox: { type: 'string', maxLength: 128, description: 'minLon,minLat,maxLon,maxLat in WGS84' },
    format: { type: 'string', enum: ['json', 'geojson', 'csv'], default: 'json' },
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1_000 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  },
} as const;

export const landSiteSchema = {
  type: 'object',
  properties: {
    siteId: { type: 'integer' },
    source: { type: 'string' },
    sourceRef: { type: 'string' },
    name: { type: ['string', 'null'] },
    address: { type: ['string', 'null'] },
    postcode: { type: ['string', 'null'] },
    borough: { type: ['string', 'null'] },
    boroughName: { type: ['string', 'null'] },
    subRegion: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['released', 'pipeline'] },
    stage: { type: 'string' },
    caseId: { type: 'integer' },
    caseOpenedOn: { type: 'string', format: 'date' },
    siteAreaHa: { type: ['number', 'null'] },
    homes: { type: ['integer', 'null'] },
    lon: { type: 'number' },
    lat: { type: 'number' },
    geometry: freeObject,
    updatedOn: { type: 'string', format: 'date' },
  },
} as const;

export function landRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  // Housing teams ask about the same places again and again, and land changes only when a case
  // moves, a site is re-uploaded or a valuation run lands: keep each serialised answer until its
  // version moves on, as bytes (neither re-encoded nor re-measured per request). 1,000 answers near
  // a point (~10 kB each) stay well under the 32 MB budget.
  const answers = new AnswerCache<Buffer>({ maxEntries: 1_000, maxSize: 32 * 2 ** 20, sizeOf: (body) => body.length });
  const version = new FreshVersion(() => landVersion(db));
  app.get<{ Querystring: LandQuery }>(
    '/api/land',
    {
      config: access('GET /api/land'),
      schema: {
        summary: 'Released and pipeline land for housing teams: JSON, GeoJSON (WGS84) or Brownfield Land Register CSV',
        tags: ['land'],
        querystring: landQuery,
        response: {
          200: {
            description:
              'format=json (below); format=geojson: a GeoJSON FeatureCollection; format=csv: Brownfield Land Register 2017 CSV',
            type: 'object',
            additionalProperties: true,
            properties: {
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
              sites: { type: 'array', items: landSiteSchema },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filter: LandFilter = {
        status: q.status,
        borough: q.borough,
        minHomes: q.minHomes,
        minHa: q.minHa,
        near: parseNear(q.near, q.within),
        bbox: q.bbox === undefined ? undefined : parseBbox(q.bbox, 4326),
        limit: q.limit,
        offset: q.offset,
      };
      // The parsed filter, not the query text: "near=-0.1,51.5" and "near=-0.10,51.50" are one question.
      const question = JSON.stringify([
        q.format,
        filter.status,
        filter.borough,
        filter.minHomes,
        filter.minHa,
        filter.near,
        filter.bbox,
        filter.limit,
        filter.offset,
      ]);
      const body = await answers.answer(question, await version.current(), async () => {
        const { total, sites } = await landSites(db, filter);
        if (q.format === 'csv') return Buffer.from(brownfieldCsv(sites));
        if (q.format === 'geojson')
          return Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: sites.map(landFeature) }));
        return Buffer.from(reply.serialize({ total, limit: q.limit, offset: q.offset, sites }) as string);
      });
      if (q.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="nhs-land-brownfield-register.csv"')
          .send(body);
      }
      return reply.type(q.format === 'geojson' ? GEOJSON_TYPE : 'application/json; charset=utf-8').send(body);
    },
  );
}
