import { ROLES } from '../domain/roles.js';

/**
 * JSON Schemas shared by route declarations: they validate input and describe output in the
 * OpenAPI document. Response schemas with free-form parts (score components, valuation
 * working, raw rows) say `additionalProperties: true` so stored JSON passes through unchanged.
 */
export const errorSchema = {
  type: 'object',
  description: 'Every error: a stable code and a sentence for people. No stack traces, no SQL.',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' }, details: {} },
} as const;

export const errorResponses = { '4xx': errorSchema, '5xx': errorSchema } as const;

export const sessionSchema = {
  type: 'object',
  required: ['userId', 'name', 'role'],
  properties: {
    userId: { type: 'integer' },
    name: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** Any JSON object, passed through as stored. */
export const freeObject = { type: 'object', additionalProperties: true } as const;

export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const;
