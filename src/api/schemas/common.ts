import { z } from 'zod';
import { INT4_MAX } from '../../db/ids.js';

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

/**
 * Numbers in a path or query arrive as text. Only plain decimal digits are read as a number:
 * "Infinity", "1e309", "0x10", "1e3" and "" stay text and are refused (400), so no parameter can
 * slip past its range as a non-finite value or be read as something the caller did not write.
 */
const DIGITS = /^[0-9]{1,30}$/;
const DECIMAL = /^[0-9]{1,30}(\.[0-9]{1,30})?$/;
const asNumber = (pattern: RegExp) => (value: unknown) =>
  typeof value === 'string' && pattern.test(value) ? Number(value) : value;

/** A whole number from min to max, written in digits. */
export const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    asNumber(DIGITS),
    z
      .number({ error: `a whole number from ${min} to ${max}, in digits` })
      .int()
      .min(min)
      .max(max),
  );

/** A decimal number from min to max, written as digits with an optional fraction ("12", "0.5"). */
export const decimalNumber = (min: number, max: number) =>
  z.preprocess(
    asNumber(DECIMAL),
    z
      .number({ error: `a number from ${min} to ${max}, such as 12 or 0.5` })
      .min(min)
      .max(max),
  );

/** Marks the zod issue of an id no record can have; the error handler answers it 404 (src/api/errors.ts). */
export const NO_SUCH_RECORD = { notFound: true } as const;

/** A record id in a path: digits; 0 or past int4 is a 404 (nothing has it), not a 400. */
export const recordId = z.preprocess(
  asNumber(DIGITS),
  z
    .number({ error: 'an id is a whole number, in digits' })
    .int()
    .refine((id) => id >= 1 && id <= INT4_MAX, { message: 'nothing has that id', params: NO_SUCH_RECORD }),
);

export const idParams = z.strictObject({ id: recordId });

/** A calendar day, yyyy-mm-dd; a day the calendar lacks (2026-02-30) is refused. */
export const isoDay = z.iso.date({ error: 'a day is yyyy-mm-dd, and must be on the calendar' });
export const dateTime = z.iso.datetime();

/** Why, in the actor's words: every write carries one. */
export const reason = z.string().min(1).max(2000);
