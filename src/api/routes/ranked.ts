import type { FastifyInstance } from 'fastify';
import { findBorough } from '../../../geo/boroughs.js';
import { rankedList, rankedListVersion } from '../../db/ranking.js';
import { rankedSiteFields, rankedSiteSchema } from '../serialise/ranked.js';
import { access } from '../access.js';
import { AnswerCache, FreshVersion } from '../answer-cache.js';
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

const rankedResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    estateVersion: { type: ['integer', 'null'] },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    sites: { type: 'array', items: rankedSiteSchema },
  },
} as const;

export function rankedRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  // The Board's questions are few (33 boroughs × a handful of filters and pages) and the list
  // only changes when a run lands: keep each serialised answer until its version moves on.
  // A page of 50 serialises to about 40 kB; 500 answers stay under 24 MB.
  // Kept as bytes: a 40 kB page is then neither re-encoded nor re-measured on every request.
  const answers = new AnswerCache<Buffer>({ maxEntries: 500, maxSize: 24 * 2 ** 20, sizeOf: (body) => body.length });
  const version = new FreshVersion(() => rankedListVersion(db));
  app.get<{ Querystring: RankedQuery }>(
    '/api/ranked',
    {
      config: access('GET /api/ranked'),
      schema: {
        summary: 'The latest ranked disposal list with scores and valuations',
        tags: ['sites'],
        querystring: querySchema,
        response: { 200: rankedResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const q = request.query;
      // A borough named any way the filter accepts is one question.
      const borough = q.borough === undefined ? null : (findBorough(q.borough)?.gssCode ?? `unknown ${q.borough}`);
      const question = JSON.stringify([
        borough,
        q.subRegion ?? null,
        q.class ?? null,
        q.minScore ?? null,
        q.limit,
        q.offset,
      ]);
      const body = await answers.answer(question, await version.current(), async () => {
        const list = await rankedList(db, {
          top: q.limit,
          offset: q.offset,
          borough: q.borough,
          subRegion: q.subRegion,
          conditionClass: q.class,
          minScore: q.minScore,
        });
        return Buffer.from(
          reply.serialize({
            estateVersion: list.estateVersion,
            total: list.total,
            limit: q.limit,
            offset: q.offset,
            sites: list.sites.map((s) => ({
              ...rankedSiteFields(s),
              marketValuePence: s.marketValuePence,
              netReceiptPence: s.netReceiptPence,
            })),
          }) as string,
        );
      });
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}
