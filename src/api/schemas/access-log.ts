import { z } from 'zod';
import { dateTime, errorResponses, isoDay, wholeNumber } from './common.js';

export const accessLogEntry = z.object({
  id: z.number().int(),
  at: dateTime,
  user: z.string(),
  role: z.string(),
  org: z.string().nullable(),
  route: z.string().describe('"METHOD /pattern" as the route table names it'),
  url: z.string().describe('the path and query asked for'),
  what: z.enum(['valuation', 'ranked list', 'export', 'portfolio', 'tile', 'case record', 'outcomes']),
  siteIds: z.array(z.number().int()).describe('the sites whose figures were in the answer; empty for a total'),
});

export const accessLog = {
  summary: 'Who read confidential figures: newest first (admin), as `estates access-log`',
  tags: ['admin'],
  querystring: z.strictObject({
    user: z.string().min(1).max(64).optional(),
    since: z
      .union([isoDay, dateTime])
      .optional()
      .describe('a day (London time is not applied: UTC midnight) or an instant'),
    limit: wholeNumber(1, 10_000).default(500),
  }),
  response: { 200: z.object({ entries: z.array(accessLogEntry) }), ...errorResponses },
};
