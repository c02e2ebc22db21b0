import type { FastifyError, FastifyInstance } from 'fastify';
import { EstatesError, type ErrorCode } from '../errors.js';

const STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  illegal_transition: 409,
  too_large: 413,
  service_unavailable: 503,
  migration_failed: 500,
  internal: 500,
};

/** Names for the 4xx statuses Fastify and its plugins raise themselves (bodies, media types, limits). */
const CLIENT_ERROR: Record<number, string> = {
  404: 'not_found',
  406: 'not_acceptable',
  413: 'too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** A 429 with the seconds to wait, raised by the sign-in limiter. */
export function tooManyRequests(message: string, retryAfterSeconds: number): Error {
  return Object.assign(new Error(message), { statusCode: 429, headers: { 'retry-after': String(retryAfterSeconds) } });
}

/** One error handler: codes map to statuses once; 5xx text is hidden, and logged with the request id. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | EstatesError | Error, request, reply) => {
    if (error instanceof EstatesError) {
      const status = STATUS[error.code];
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(status).send({
        error: error.code,
        message: status >= 500 ? 'internal error' : error.message,
        ...(error.details && status < 500 ? { details: error.details } : {}),
      });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      return reply.status(400).send({ error: 'bad_input', message: fastifyError.message });
    }
    // Two requests racing to create the same thing: the database's unique key decided.
    if ((error as { code?: unknown }).code === '23505')
      return reply.status(409).send({ error: 'conflict', message: 'that already exists' });
    const status = fastifyError.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: 'internal', message: 'internal error' });
    }
    const headers = (error as { headers?: Record<string, string> }).headers;
    if (status === 429 && headers) void reply.headers(headers);
    return reply.status(status).send({ error: CLIENT_ERROR[status] ?? 'bad_input', message: fastifyError.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
