import { z } from 'zod';
import { INT4_MAX } from '../../db/ids.js';
import { BOARD_DECISIONS } from '../../domain/case-events.js';
import { caseResponse, meetingId, stallReason } from './cases.js';
import { errorResponses, freeObject, isoDay, reason, wholeNumber } from './common.js';

export const agenda = {
  summary: "The Board's agenda for a meeting date: new candidates, cases awaiting a decision, overdue stages",
  tags: ['cases'],
  querystring: z.strictObject({ date: isoDay, top: wholeNumber(0, 1000).default(10) }),
  response: {
    200: z.object({
      meetingDate: z.string(),
      newCandidates: z.array(freeObject),
      awaitingDecision: z.array(
        z.object({ caseId: z.number().int(), siteId: z.number().int(), since: z.string().nullable() }),
      ),
      overdue: z.array(freeObject),
    }),
    ...errorResponses,
  },
};

export const decide = {
  summary: 'Record a Board decision on a case in board review',
  tags: ['cases'],
  body: z.strictObject({
    caseId: z.number().int().min(1).max(INT4_MAX),
    meetingId,
    decision: z.enum(BOARD_DECISIONS),
    reason,
    version: z.number().int().min(0).optional(),
    stallReason: stallReason.optional(),
    deferUntil: isoDay.optional(),
  }),
  response: { 200: caseResponse, ...errorResponses },
};
