import { z } from 'zod';
import { errorResponses, freeObject } from './common.js';

/** The administrator's checks and settings: the audit trail's hash chains and the valuation assumption set. */

export const auditVerify = {
  summary: "Every case's hash chain against its recorded head, as `estates audit verify`",
  tags: ['admin'],
  response: {
    200: z.object({
      ok: z.boolean(),
      cases: z.number().int(),
      broken: z.array(
        z.object({
          caseId: z.number().int(),
          events: z.number().int(),
          brokenAt: z.number().int(),
          reason: z.string(),
        }),
      ),
    }),
    ...errorResponses,
  },
};

export const deadlines = {
  summary:
    'Raise escalations for overdue stages now, as the daily job does (`estates deadlines`); a second run adds nothing',
  tags: ['admin'],
  // Nothing to send; anything sent is refused rather than ignored.
  body: z.strictObject({}).nullish(),
  response: {
    200: z.object({
      day: z.string(),
      overdue: z.number().int(),
      raised: z.array(
        z.object({
          caseId: z.number().int(),
          stage: z.string(),
          deadline: z.string(),
          workingDaysOverdue: z.number().int(),
          key: z.string(),
        }),
      ),
    }),
    ...errorResponses,
  },
};

const figure = z.object({
  key: z.string(),
  value: z.unknown().describe('a number, text, or a table (object) of figures'),
  unit: z.string(),
  source: z.string(),
  provenance: z.string(),
});

export const assumptionsInForce = {
  summary: 'The valuation assumption set in force, figure by figure with its source, as `estates assumptions show`',
  tags: ['admin'],
  response: {
    200: z.object({ id: z.string(), effectiveFrom: z.string(), figures: z.array(figure) }),
    ...errorResponses,
  },
};

export const loadAssumptions = {
  summary:
    'Add a valuation assumption set { id, effectiveFrom, figures: { key: { value, unit, source, provenance } } }, as `estates assumptions load`: figures not given come from the set in force; the estate is revalued under it',
  tags: ['admin'],
  body: freeObject,
  response: {
    200: z.object({ id: z.string(), added: z.boolean(), takenFromBase: z.array(z.string()) }),
    ...errorResponses,
  },
};
