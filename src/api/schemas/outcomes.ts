import { z } from 'zod';
import { errorResponses } from './common.js';

/** What completed disposals delivered (src/domain/outcomes.ts), and outcomes loaded from a CSV. */

const pence = z.number().int();
const maybe = (t: z.ZodNumber) => t.nullable();
const byCategory = z.object({ primary_care: pence, community_care: pence, other: pence });

const caseOutcome = z.object({
  caseId: z.number().int(),
  siteId: z.number().int(),
  valuationPence: maybe(pence),
  receiptPence: maybe(pence),
  receiptToValuation: maybe(z.number()),
  capacityHomes: maybe(z.number().int()),
  homesPermitted: maybe(z.number().int()),
  homesStarted: maybe(z.number().int()),
  homesCompleted: maybe(z.number().int()),
  homesCompletedShareOfCapacity: maybe(z.number()),
  reinvestedPence: byCategory,
  unallocatedPence: maybe(pence),
});

export const outcomes = {
  summary: 'What completed disposals delivered: receipts against valuation, reinvestment, homes against capacity',
  tags: ['cases'],
  response: {
    200: z.object({
      cases: z.array(caseOutcome),
      awaitingReceipt: z.array(z.number().int()),
      totals: z.object({
        receiptPence: pence,
        valuationPence: pence,
        receiptToValuation: maybe(z.number()),
        atOrAboveValuationShare: maybe(z.number()),
        homesCompleted: z.number().int(),
        capacityHomes: z.number().int(),
        homesCompletedShareOfCapacity: maybe(z.number()),
        homesPermitted: z.number().int(),
        homesStarted: z.number().int(),
        reinvestedPence: byCategory,
      }),
    }),
    ...errorResponses,
  },
};

export const loadOutcomes = {
  summary:
    'Load outcomes from a CSV keyed by site reference (multipart: file), as `estates outcomes load`: only differences become events',
  tags: ['cases'],
  consumes: ['multipart/form-data'],
  // Documents the form; the handler reads the multipart stream itself.
  body: z.object({ file: z.string().meta({ format: 'binary' }) }),
  response: {
    200: z.object({
      rows: z.number().int(),
      casesChanged: z.number().int(),
      events: z.number().int(),
      unchanged: z.number().int(),
      problems: z.array(
        z.object({
          row: z.number().int(),
          siteRef: z.string(),
          field: z.string(),
          code: z.string(),
          message: z.string(),
        }),
      ),
    }),
    ...errorResponses,
  },
};
