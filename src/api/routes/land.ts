import type { FastifyInstance } from 'fastify';
import { landSites, type LandStatus } from '../../db/land.js';
import { access } from '../access.js';
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
            description: 'format=json (below); format=geojson: a GeoJSON FeatureCollection; format=csv: Brownfield Land Register 2017 CSV',
            type: 'object',
            additionalProperties: true,
            properties: { total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, sites: { type: 'array', items: landSiteSchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { total, sites } = await landSites(db, {
        status: q.status,
        borough: q.borough,
        minHomes: q.minHomes,
        minHa: q.minHa,
        near: parseNear(q.near, q.within),
        bbox: q.bbox === undefined ? undefined : parseBbox(q.bbox, 4326),
        limit: q.limit,
        offset: q.offset,
      });
      const serialiseAsIs = (payload: unknown): string => (typeof payload === 'string' ? payload : JSON.stringify(payload));
      if (q.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="nhs-land-brownfield-register.csv"').serializer(serialiseAsIs).send(brownfieldCsv(sites));
      }
      if (q.format === 'geojson') {
        return reply.type(GEOJSON_TYPE).serializer(serialiseAsIs).send({ type: 'FeatureCollection', features: sites.map(landFeature) });
      }
      return { total, limit: q.limit, offset: q.offset, sites };
    },
  );
}
