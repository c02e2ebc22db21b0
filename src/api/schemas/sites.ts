import { z } from 'zod';
import { errorResponses, freeObject, idParams } from './common.js';

export const siteDetail = {
  summary:
    'One site: record, latest scores with their components, survey blocks, latest valuation (not for housing), open case',
  tags: ['sites'],
  params: idParams,
  response: {
    200: z.object({
      site: freeObject,
      status: z.enum(['released', 'pipeline']).nullable(),
      homes: z.number().int().nullable(),
      scores: freeObject.nullable(),
      surveyBlocks: z.array(freeObject),
      valuation: freeObject.nullable().optional().describe('absent for the housing role'),
      openCase: freeObject.nullable(),
      practices: z
        .array(freeObject)
        .describe('GP practices occupying the site (ODS epraccur): odsCode, name, status, closeDate, linkedBy'),
    }),
    ...errorResponses,
  },
};

const classShares = z.object({
  sites: z.number().int(),
  giaM2: z.number(),
  byClass: z.array(
    z.object({
      conditionClass: z.string(),
      sites: z.number().int(),
      giaM2: z.number(),
      siteShare: z.number(),
      giaShare: z.number(),
    }),
  ),
});

export const portfolio = {
  summary:
    'Shares of sites and GIA by condition class, overall, by borough and by sub-region, beside the published 13% / 51%',
  tags: ['sites'],
  response: {
    200: z.object({
      scoreRunId: z.number().int().nullable(),
      estateVersion: z.number().int().nullable(),
      modelVersion: z.string().nullable(),
      overall: classShares,
      byBorough: z.array(
        z.object({ borough: z.string().nullable(), boroughName: z.string().nullable(), ...classShares.shape }),
      ),
      bySubRegion: z.array(z.object({ subRegion: z.string().nullable(), ...classShares.shape })),
      published: z.object({ rebuild: z.number(), refurbish: z.number(), source: z.string() }),
    }),
    ...errorResponses,
  },
};
