import { z } from 'zod';
import { errorResponses, freeObject, isoDay, wholeNumber } from './common.js';

const query = z.strictObject({ date: isoDay, top: wholeNumber(0, 100).default(10) });

export const pack = {
  summary:
    'Everything the Board pack prints for a meeting: agenda, new candidates with valuation ranges, cases awaiting a decision, overdue stages and days lost, forecast, condition, outcomes',
  tags: ['cases'],
  querystring: query,
  response: {
    200: z.object({
      meetingDate: z.string(),
      preparedAt: z.string(),
      assumptionSet: z.object({ id: z.string(), effectiveFrom: z.string() }),
      newCandidates: z.array(freeObject),
      awaitingDecision: z.array(freeObject),
      overdue: z.array(freeObject),
      daysLost: z.array(freeObject),
      forecast: freeObject,
      portfolio: freeObject,
      outcomes: freeObject,
    }),
    ...errorResponses,
  },
};

export const packPdf = {
  summary: 'The Board pack for a meeting as an A4 PDF, printed by headless Chromium from the page the UI shows',
  tags: ['cases'],
  querystring: query,
  response: { 200: z.string().describe('application/pdf'), ...errorResponses },
};
