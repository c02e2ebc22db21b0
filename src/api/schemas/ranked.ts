import { z } from 'zod';
import { decimalNumber, errorResponses, wholeNumber } from './common.js';

/**
 * A ranked row as the API sends it: the keys it shares with the CLI (src/api/serialise/ranked.ts)
 * and the pence. Naming them lets the serialiser be compiled, not walk each row, and gives the web
 * UI its types (web/js/api-types.d.ts).
 */
export const rankedSite = z.looseObject({
  rank: z.number().int(),
  siteId: z.number().int(),
  source: z.string(),
  sourceRef: z.string(),
  name: z.string().nullable(),
  borough: z.string().nullable(),
  boroughName: z.string().nullable(),
  subRegion: z.string().nullable(),
  tenure: z.string().nullable(),
  siteAreaHa: z.number().nullable(),
  route: z.string(),
  priority: z.number(),
  conditionClass: z.string(),
  conditionScore: z.number().nullable(),
  surplusScore: z.number(),
  homes: z.number().int().nullable(),
  marketValuePence: z.number().int().nullable(),
  netReceiptPence: z.number().int().nullable(),
  /** The site's top three reasons, in the Board's words. */
  reasons: z.array(z.string()),
});

export const rankedList = {
  summary: 'The latest ranked disposal list with scores and valuations',
  tags: ['sites'],
  querystring: z.strictObject({
    borough: z.string().max(64).optional(),
    subRegion: z.enum(['NWL', 'NCL', 'NEL', 'SEL', 'SWL']).optional(),
    class: z.enum(['rebuild', 'refurbish', 'maintain', 'not-surveyed']).optional(),
    minScore: decimalNumber(0, 100).optional(),
    limit: wholeNumber(1, 500).default(50),
    offset: wholeNumber(0, 1_000_000).default(0),
  }),
  response: {
    200: z.looseObject({
      estateVersion: z.number().int().nullable(),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
      sites: z.array(rankedSite),
    }),
    ...errorResponses,
  },
};
