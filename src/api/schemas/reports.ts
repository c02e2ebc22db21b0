import { z } from 'zod';
import { errorResponses, freeObject, wholeNumber } from './common.js';

const years = z.object({ p10: z.number(), p50: z.number(), p90: z.number() });
/** The spread of a portfolio share over the draws (P5–P95). */
const shareInterval = z.object({ low: z.number(), high: z.number(), level: z.number() });
const assumptionSet = z.object({ id: z.string(), effectiveFrom: z.string(), modelVersion: z.string() });

export const forecast = {
  summary: 'When open cases should complete (P50/P90) and the portfolio against the 5–10 year baseline',
  tags: ['cases'],
  querystring: z.strictObject({
    seed: wholeNumber(0, 4_294_967_295).default(1),
    draws: wholeNumber(1, 20_000).default(1_000),
  }),
  response: {
    200: z.object({
      asOf: z.string(),
      seed: z.number().int(),
      draws: z.number().int(),
      cases: z.array(freeObject),
      surplusToSaleYears: years.nullable(),
      surplusToSaleShareByYear: z.array(z.number()),
      identificationToSaleYears: years.nullable(),
      identificationToSaleShareByYear: z.array(z.number()),
      shareWithinFiveYears: z.number().nullable(),
      shareWithinFiveYearsInterval: shareInterval.nullable(),
      shareWithinTenYears: z.number().nullable(),
      shareWithinTenYearsInterval: shareInterval.nullable(),
      outcomeShares: z.object({ completed: z.number(), withdrawn: z.number(), retained: z.number() }).nullable(),
      stages: z.array(freeObject),
      assumptionSet,
      sources: z.array(freeObject),
      baselineYears: z.object({ low: z.number().int(), high: z.number().int() }),
    }),
    ...errorResponses,
  },
};

export const pipeline = {
  summary: 'Cases per stage, overdue stages, working days lost by stall reason',
  tags: ['cases'],
  querystring: z.strictObject({}),
  response: {
    200: z.object({
      asOf: z.string(),
      stages: z.array(z.object({ stage: z.string(), cases: z.number().int() })),
      openCases: z.number().int(),
      overdue: z.array(freeObject),
      daysLost: z.array(freeObject),
    }),
    ...errorResponses,
  },
};
