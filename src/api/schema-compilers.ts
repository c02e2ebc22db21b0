import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * How route schemas (zod, one module per resource in src/api/schemas/) check requests and write
 * responses. Requests are parsed by zod (fastify-type-provider-zod), so a handler's types are the
 * schema's. Responses are not parsed again: each response schema is turned into JSON Schema once,
 * at boot, and compiled by fast-json-stringify, the serialiser Fastify uses by default, so a
 * ranked page or a land page is written as fast as before and no row is validated on the way out.
 * The provider's own serializerCompiler would zod-encode every response first.
 */

type JsonSchema = Record<string, unknown>;

const isZod = (schema: unknown): schema is z.ZodType => schema instanceof z.ZodType;

const refuse = (what: string, url: string): Error =>
  new Error(`${url}: its ${what} schema is not a zod schema; declare it in src/api/schemas/ (zod)`);

/** Requests: zod parses (and coerces) params, querystring and body. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const { schema } = route;
  if (!isZod(schema)) throw refuse(route.httpPart ?? 'request', route.url);
  return zodValidatorCompiler({ ...route, schema });
};

/**
 * For a multipart route: its path and query are checked as any route's, its body (a stream the
 * handler reads and checks part by part) is not; the body schema only documents the form.
 */
export const formValidatorCompiler: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? () => true : validatorCompiler(route);

/**
 * The JSON Schema fast-json-stringify compiles for a response. A nullable part written as
 * anyOf [X, null] becomes X with type [X, 'null'], which the serialiser writes directly rather
 * than testing each value against both branches. `required` is dropped: the handler's types
 * already say what is sent, and a missing key is left out, as JSON.stringify would.
 */
export function serialisingSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return simplify(json);
}

function simplify(node: unknown): JsonSchema {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node as JsonSchema;
  const { required: _required, ...schema } = node as JsonSchema;
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  const branches = anyOf?.filter((b) => b.type !== 'null');
  const only = branches?.[0];
  if (anyOf && branches?.length === 1 && anyOf.length === 2 && only && typeof only.type === 'string') {
    const { anyOf: _anyOf, ...rest } = schema;
    const enumValues = only.enum as unknown[] | undefined;
    return simplify({
      ...rest,
      ...only,
      type: [only.type, 'null'],
      ...(enumValues ? { enum: [...enumValues, null] } : {}),
    });
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object')
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, simplify(child)]));
    else if (key === 'items' || key === 'additionalProperties') out[key] = simplify(value);
    else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') out[key] = (value as unknown[]).map(simplify);
    else out[key] = value;
  }
  return out;
}

/** Responses: compiled once per route and status from the zod schema's JSON Schema. */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, url }) => {
  if (!isZod(schema)) throw refuse('response', url);
  return fastJsonStringify(serialisingSchema(schema) as fastJsonStringify.AnySchema);
};
