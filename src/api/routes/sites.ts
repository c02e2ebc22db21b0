import type { FastifyInstance } from 'fastify';
import { portfolio } from '../../db/portfolio.js';
import { publishedClassShares } from '../../domain/assumptions/condition.js';
import { siteDetail } from '../../db/site-detail.js';
import { siteViewFor } from '../../domain/roles.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, freeObject, idParams } from '../schemas.js';

/** The published shares the Board compares against (LHC 2014 via NHS England 2017; DOMAIN.md §1, §3). */
/** The published comparison, from the one place the figure lives (src/domain/assumptions/condition.ts). */
export const PUBLISHED_CONDITION_SHARES = {
  rebuild: publishedClassShares.value.rebuildPct / 100,
  refurbish: publishedClassShares.value.refurbishPct / 100,
  source: publishedClassShares.source,
} as const;

const classSharesSchema = {
  type: 'object',
  properties: {
    sites: { type: 'integer' },
    giaM2: { type: 'number' },
    byClass: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          conditionClass: { type: 'string' },
          sites: { type: 'integer' },
          giaM2: { type: 'number' },
          siteShare: { type: 'number' },
          giaShare: { type: 'number' },
        },
      },
    },
  },
} as const;

export function siteRoutes(app: FastifyInstance, { db }: ApiDeps): void {
  app.get<{ Params: { id: number } }>(
    '/api/sites/:id',
    {
      config: access('GET /api/sites/:id'),
      schema: {
        summary:
          'One site: record, latest scores with their components, survey blocks, latest valuation (not for housing), open case',
        tags: ['sites'],
        params: idParams,
        response: {
          200: {
            type: 'object',
            required: ['site', 'status', 'homes', 'scores', 'surveyBlocks', 'openCase'],
            properties: {
              site: freeObject,
              status: { type: ['string', 'null'], enum: ['released', 'pipeline', null] },
              homes: { type: ['integer', 'null'] },
              scores: { type: ['object', 'null'], additionalProperties: true },
              surveyBlocks: { type: 'array', items: freeObject },
              valuation: {
                type: ['object', 'null'],
                additionalProperties: true,
                description: 'absent for the housing role',
              },
              openCase: { type: ['object', 'null'], additionalProperties: true },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const detail = await siteDetail(db, request.params.id);
      if (!detail) throw new EstatesError('not_found', `no site ${request.params.id}`);
      return siteViewFor(callerOf(request).role, detail);
    },
  );

  app.get(
    '/api/portfolio',
    {
      config: access('GET /api/portfolio'),
      schema: {
        summary:
          'Shares of sites and GIA by condition class, overall, by borough and by sub-region, beside the published 13% / 51%',
        tags: ['sites'],
        response: {
          200: {
            type: 'object',
            properties: {
              scoreRunId: { type: ['integer', 'null'] },
              estateVersion: { type: ['integer', 'null'] },
              modelVersion: { type: ['string', 'null'] },
              overall: classSharesSchema,
              byBorough: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    borough: { type: ['string', 'null'] },
                    boroughName: { type: ['string', 'null'] },
                    ...classSharesSchema.properties,
                  },
                },
              },
              bySubRegion: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { subRegion: { type: ['string', 'null'] }, ...classSharesSchema.properties },
                },
              },
              published: {
                type: 'object',
                properties: { rebuild: { type: 'number' }, refurbish: { type: 'number' }, source: { type: 'string' } },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async () => ({ ...(await portfolio(db)), published: PUBLISHED_CONDITION_SHARES }),
  );
}
