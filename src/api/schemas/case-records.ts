import { z } from 'zod';
import { caseResponse, stallReason } from './cases.js';
import { errorResponses, idParams, isoDay, reason } from './common.js';

/**
 * What an officer puts on a case's record between moves: facts a guard needs (with the document
 * they rest on), expressions of interest during first refusal, why a stage is late, and
 * outcomes after sale. The shapes are checked here; whether the case may take them, and whether
 * the values make sense, is the domain's (src/domain/case-workflow.ts).
 */

const text = (max: number) => z.string().max(max);
const count = z.number().int();

export const caseFact = z.union([
  z.strictObject({ fact: z.literal('commissioner_confirmation'), commissioner: text(500) }),
  z.strictObject({ fact: z.enum(['reprovision_plan', 'title_report', 'planning_brief']), summary: text(2000) }),
  z.strictObject({
    fact: z.literal('valuation'),
    marketValuePence: count,
    capacityHomes: count,
    valuedOn: isoDay,
    basis: text(500),
  }),
  z.strictObject({
    fact: z.literal('planning_outcome'),
    outcome: z.enum(['outline_consent', 'full_consent', 'sale_without_consent']),
    reference: text(200).nullable(),
    homesPermitted: count.nullable(),
  }),
  z.strictObject({ fact: z.literal('sale_agreement'), buyer: text(500), pricePence: count, publicBody: z.boolean() }),
]);

/** The version the caller saw; when given, a case that has moved since is refused with 409. */
const version = z.number().int().min(0).optional();

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');

export const storeDocument = {
  summary:
    'Store a document with the case (multipart: file), for a fact to cite by its sha256; the same bytes twice are one file',
  tags: ['cases'],
  params: idParams,
  consumes: ['multipart/form-data'],
  // Documents the form; the handler reads the multipart stream itself.
  body: z.object({ file: z.string().meta({ format: 'binary' }) }),
  response: {
    201: z.object({ filename: z.string(), sha256: z.string(), sizeBytes: z.number().int() }),
    ...errorResponses,
  },
};

export const recordFact = {
  summary:
    'Record a fact a guard needs, with the reference of the document it rests on and, optionally, the sha256 of its file stored with the case',
  tags: ['cases'],
  params: idParams,
  body: z.strictObject({
    fact: caseFact,
    document: z
      .strictObject({
        reference: text(200),
        sha256: sha256.optional().describe('a file stored with POST /api/cases/:id/documents'),
      })
      .optional(),
    reason,
    version,
  }),
  response: { 200: caseResponse, ...errorResponses },
};

export const caseDocument = {
  summary: 'A file attached to a fact on the case, by the sha256 its fact names',
  tags: ['cases'],
  params: z.strictObject({ id: idParams.shape.id, sha256 }),
  produces: ['application/octet-stream'],
  response: { 200: z.string().meta({ format: 'binary' }), ...errorResponses },
};

export const recordInterest = {
  summary: 'An expression of interest from a public body during first refusal; `closed: true` when it ends',
  tags: ['cases'],
  params: idParams,
  body: z.strictObject({ body: text(500), closed: z.boolean().default(false), reason, version }),
  response: { 200: caseResponse, ...errorResponses },
};

export const explainDelay = {
  summary: 'Why the current stage is late',
  tags: ['cases'],
  params: idParams,
  body: z.strictObject({ stallReason, reason, version }),
  response: { 200: caseResponse, ...errorResponses },
};

export const recordOutcome = {
  summary:
    'Outcomes after sale: homes permitted, started and completed, the receipt and one reinvestment (each field given replaces the last value; money in pence)',
  tags: ['cases'],
  params: idParams,
  body: z.strictObject({
    outcome: z.strictObject({
      receiptPence: count.optional(),
      reinvestment: z
        .strictObject({
          category: z.enum(['primary_care', 'community_care', 'other']),
          amountPence: count,
          note: text(500).optional(),
        })
        .optional(),
      homesPermitted: count.optional(),
      homesStarted: count.optional(),
      homesCompleted: count.optional(),
    }),
    reason,
    version,
  }),
  response: { 200: caseResponse, ...errorResponses },
};
