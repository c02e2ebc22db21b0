import type { FastifyInstance } from 'fastify';
import { EstatesError } from '../errors.js';

const holdsNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => holdsNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v, depth + 1));
};

/**
 * Refuses a NUL byte anywhere in a path parameter, the query or a JSON body, before validation.
 * PostgreSQL cannot store one in text (it answered 500), and no name, reference or reason has one.
 * Multipart fields are checked where the upload form is read (routes/uploads.ts).
 */
export function refuseNulBytes(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const)
      if (holdsNul(value))
        throw new EstatesError('bad_input', `the ${part} holds a NUL byte (\\0), which no field may`);
  });
}
