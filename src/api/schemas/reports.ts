import { z } from 'zod';
import { errorResponses, freeObject, isoDay, wholeNumber } from './common.js';

const years = z.object({ p10: z.number(), p50: z.number(), p90: z.number() });
/** The spread of a portfolio share over the draws (P5–P95). */
const shareInterval = z.object({ low: z.number(), high: z.number(), level: z.number() });
const assumptionSet = z.object({ id: z.string(), effectiveFrom: z.string(), modelVersion: z.string() });

const drawOptions = {
  seed: wholeNumber(0, 4_294_967_295).default(1),
  draws: wholeNumber(1, 20_000).default(1_000),
};

export const forecast = {
  summary: 'When open cases should complete (P50/P90) and the portfolio against the 5–10 year baseline',
  tags: ['cases'],
  querystring: z.strictObject(drawOptions),
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

const quantileScore = z.object({
  scored: z.number().int(),
  finished: z.number().int(),
  share: z.number().nullable(),
  expectedShare: z.number().nullable(),
});

export const backtest = {
  summary:
    'The forecast made again from what was on record on asOf, scored against what happened since: shares finished by P50 and P90',
  tags: ['cases'],
  querystring: z.strictObject({ asOf: isoDay, ...drawOptions }),
  response: {
    200: z.object({
      asOf: z.string(),
      scoredOn: z.string(),
      seed: z.number().int(),
      draws: z.number().int(),
      assumptionSet,
      casesKnown: z.number().int(),
      casesForecast: z.number().int(),
      cases: z.array(freeObject),
      calibration: z.object({
        p50: quantileScore,
        p90: quantileScore,
        completedByScoredOn: z.object({ expected: z.number(), observed: z.number().int() }),
      }),
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

const simulatedYear = { sitesReleased: z.number(), receiptsPence: z.number(), homes: z.number() };

export const simulation = {
  summary:
    'The ranked, valued estate run through the workflow, as `estates simulate`: per year sites, receipts and homes released; `scale` is a what-if, e.g. planning=0.5 (comma-separated)',
  tags: ['cases'],
  querystring: z.strictObject({
    years: wholeNumber(1, 50).default(10),
    seed: drawOptions.seed,
    runs: wholeNumber(1, 2_000).default(200),
    scale: z.string().max(500).optional().describe('stage=factor, comma-separated, e.g. planning=0.5,marketing=0.8'),
  }),
  response: {
    200: z.object({
      sites: z.number().int(),
      perYear: z.array(z.object({ year: z.number().int(), ...simulatedYear })),
      afterHorizon: z.object(simulatedYear),
      yearsToRelease: z.object({ p10: z.number(), median: z.number(), p90: z.number() }).nullable(),
      releasedWithinHorizonShare: z.number().nullable(),
    }),
    ...errorResponses,
  },
};
