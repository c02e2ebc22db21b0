import { z } from 'zod';

/**
 * Schema parts every resource shares. Each resource's route schemas live in their own module
 * beside this one (cases.ts, uploads.ts, …): zod, so a handler's request and reply are typed from
 * them, and /api/openapi.json is generated from them. Free-form parts of a response (score
 * components, valuation working, raw rows) are `freeObject`: stored JSON passes through unchanged.
 */

/** Every error: a stable code and a sentence for people. No stack traces, no SQL. */
export const errorSchema = z
  .object({ error: z.string(), message: z.string(), details: z.unknown().optional() })
  .describe('Every error: a stable code and a sentence for people. No stack traces, no SQL.');

export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema };

/** Any JSON object, passed through as stored. */
export const freeObject = z
  .custom<object>((value) => typeof value === 'object' && value !== null)
  .meta({ type: 'object', additionalProperties: true });

/** A path or query number as sent (text), read as a whole number. */
export const wholeNumber = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const idParams = z.strictObject({ id: wholeNumber(1, 2_147_483_647) });

export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is yyyy-mm-dd');
export const dateTime = z.iso.datetime();

/** Why, in the actor's words: every write carries one. */
export const reason = z.string().min(1).max(2000);
