import { z } from 'zod';
import { CASE_STAGES, MEETING_ID } from '../../domain/case-events.js';
import { STALL_REASON_CODES } from '../../domain/stall-reasons.js';
import { dateTime, errorResponses, freeObject, idParams, isoDay, reason } from './common.js';

/** What every role sees of a case (src/domain/roles.ts: caseViewFor). */
const caseStatus = z.object({
  caseId: z.number().int(),
  siteId: z.number().int(),
  siteRef: z.string(),
  siteName: z.string().nullable(),
  stage: z.enum(CASE_STAGES),
  openedAt: dateTime,
  closedAt: dateTime.nullable(),
});

const caseListEntry = caseStatus.extend({
  version: z.number().int().optional(),
  deadline: isoDay.nullable().optional(),
});

const timelineEntry = z.object({
  sequence: z.number().int(),
  kind: z.string(),
  actor: z.string(),
  role: z.string(),
  occurredAt: z.string(),
  fromStage: z.string().nullable(),
  toStage: z.string().nullable(),
  reason: z.string(),
  payload: freeObject,
  hash: z.string(),
});

/** A case page. Housing receives the status fields only. */
export const caseResponse = caseListEntry
  .extend({
    forecast: z
      .object({
        p50: isoDay.nullable(),
        p90: isoDay.nullable(),
        p50WorkingDays: z.number().int().nullable(),
        p90WorkingDays: z.number().int().nullable(),
        completionProbability: z.number(),
        withinFiveYears: z.number(),
        withinTenYears: z.number(),
      })
      .describe('P50/P90: completion dates among the draws that complete (null if none does); chances 0–1')
      .nullable()
      .optional(),
    record: z
      .object({
        factsOnRecord: z.array(z.string()),
        openInterests: z.array(z.string()),
        outcome: z.object({
          receiptPence: z.number().int().nullable(),
          reinvestments: z.array(freeObject),
          homesPermitted: z.number().int().nullable(),
          homesStarted: z.number().int().nullable(),
          homesCompleted: z.number().int().nullable(),
        }),
      })
      .describe('what is on the record now: facts held, expressions of interest still open, outcomes so far')
      .optional(),
    nextSteps: z
      .array(z.object({ to: z.string(), roles: z.array(z.string()), guards: z.array(z.string()) }))
      .optional(),
    timeline: z.array(timelineEntry).optional(),
  })
  .describe('A case. Housing receives the status fields only.');

export const stallReason = z.strictObject({ code: z.enum(STALL_REASON_CODES), text: z.string().max(2000).optional() });
export const meetingId = z
  .string()
  .regex(MEETING_ID, 'a meeting id is letters, digits, ".", "_" or "-" (e.g. LEB-2025-03)');

export const openCase = {
  summary: 'Open a case for a site on the ranked list (site id or source reference)',
  tags: ['cases'],
  body: z.strictObject({ site: z.union([z.number().int(), z.string().min(1).max(100)]), reason }),
  response: { 201: caseResponse, ...errorResponses },
};

export const listCases = {
  summary: 'Every case with its stage and current deadline',
  tags: ['cases'],
  querystring: z.strictObject({ open: z.stringbool().optional() }),
  response: { 200: z.object({ cases: z.array(caseListEntry) }), ...errorResponses },
};

export const showCase = {
  summary: 'One case: timeline, next steps for your role, deadline, forecast P50/P90',
  tags: ['cases'],
  params: idParams,
  response: { 200: caseResponse, ...errorResponses },
};

export const moveCase = {
  summary: 'Move a case; `version` is the version you saw (a stale one is refused with 409)',
  tags: ['cases'],
  params: idParams,
  body: z.strictObject({
    to: z.enum(CASE_STAGES),
    reason,
    version: z.number().int().min(0),
    meetingId: meetingId.optional(),
    epimsReference: z.string().min(1).max(100).optional(),
    firstRefusalWaiver: z.string().min(1).max(2000).optional(),
    stallReason: stallReason.optional(),
    deferUntil: isoDay.optional(),
  }),
  response: { 200: caseResponse, ...errorResponses },
};
