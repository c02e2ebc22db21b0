import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serialisingSchema, serializerCompiler, validatorCompiler } from '../../../src/api/schema-compilers.js';

const serialiser = (schema: z.ZodType) =>
  serializerCompiler({ schema, method: 'GET', url: '/api/test', httpStatus: '200' }) as (value: unknown) => string;

const row = z.object({
  rank: z.number().int(),
  name: z.string().nullable(),
  conditionClass: z.enum(['rebuild', 'refurbish']).nullable(),
  forecast: z.object({ p50: z.string() }).nullable(),
  reasons: z.array(z.looseObject({ code: z.string() })),
  closedAt: z.iso.datetime().nullable().optional(),
});

describe('response serialisers compiled from zod schemas', () => {
  it('write what JSON.stringify writes for the keys the schema names, nulls and loose parts included', () => {
    const write = serialiser(z.object({ sites: z.array(row) }));
    const value = {
      sites: [
        {
          rank: 1,
          name: null,
          conditionClass: 'rebuild',
          forecast: { p50: '2027-01-04' },
          reasons: [{ code: 'vacant', weight: 0.4 }],
          closedAt: null,
        },
        { rank: 2, name: 'Clinic', conditionClass: null, forecast: null, reasons: [] },
      ],
    };
    expect(JSON.parse(write(value))).toEqual(value);
  });

  it('leave out keys a strict object does not name, and keys whose value is undefined', () => {
    const write = serialiser(z.object({ caseId: z.number().int(), version: z.number().int().optional() }));
    expect(write({ caseId: 3, version: undefined, secret: 'valuation' })).toBe('{"caseId":3}');
  });

  it('test no value against two branches: a nullable part is one schema with type [X, null]', () => {
    expect(serialisingSchema(row)).toMatchObject({
      properties: {
        conditionClass: { type: ['string', 'null'], enum: ['rebuild', 'refurbish', null] },
        forecast: { type: ['object', 'null'], properties: { p50: { type: 'string' } } },
      },
    });
    expect(JSON.stringify(serialisingSchema(row))).not.toContain('anyOf');
  });

  it('refuse a JSON-schema literal, so every route declares zod', () => {
    expect(() =>
      serializerCompiler({ schema: { type: 'object' }, method: 'GET', url: '/x', httpStatus: '200' }),
    ).toThrow(/not a zod schema/);
    expect(() => validatorCompiler({ schema: { type: 'object' }, method: 'GET', url: '/x', httpPart: 'body' })).toThrow(
      /body schema is not a zod schema/,
    );
  });
});
