import type { FastifyInstance } from 'fastify';
import { rankedList } from '../../db/ranking.js';
import { rankedSiteFields } from '../serialise/ranked.js';
import { access } from '../access.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses } from '../schemas.js';

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    borough: { type: 'string', maxLength: 64 },
    subRegion: { type: 'string', enum: ['NWL', 'NCL', 'NEL', 'SEL', 'SWL'] },
    class: { type: 'string', enum: ['rebuild', 'refurbish', 'maintain', 'not-surveyed'] },
    minScore: { type: 'number', minimum: 0, maximum: 100 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
  },
} as const;

interface RankedQuery {
  borough?: string;
  subRegion?: string;
  class?: string;
  minScore?: number;
  limit: number;
  offset: number;
}

export function rankedRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  app.get<{ Querystring: RankedQuery }>(
    '/api/ranked',
    {
      config: access('GET /api/ranked'),
      schema: {
        summary: 'The latest ranked disposal list with scores and valuations',
        tags: ['sites'],
        querystring: querySchema,
        response: { 200: { type: 'object', additionalProperties: true, properties: { estateVersion: { type: ['integer', 'null'] }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, sites: { type: 'array', items: { type: 'object', additionalProperties: true } } } }, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const list = await rankedList(db, { top: q.limit, offset: q.offset, borough: q.borough, subRegion: q.subRegion, conditionClass: q.class, minScore: q.minScore });
      return {
        estateVersion: list.estateVersion,
        total: list.total,
        limit: q.limit,
        offset: q.offset,
        sites: list.sites.map((s) => ({ ...rankedSiteFields(s), marketValuePence: s.marketValuePence, netReceiptPence: s.netReceiptPence })),
      };
    },
  );
}
