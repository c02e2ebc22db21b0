import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EstatesError, type ErrorCode } from '../errors.js';
import { NO_SUCH_RECORD } from './schemas/common.js';

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

/** Exception codes of OGC API (Features Part 1's exception schema: `code`, `description`), per status. */
const OGC_CODE: Record<number, string> = {
  400: 'InvalidParameterValue',
  401: 'NotAuthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  406: 'NotAcceptable',
  413: 'TooLarge',
  429: 'TooManyRequests',
};

/** Paths answered as OGC API: GIS clients read `code` and `description` from an error, not our keys. */
export const isOgcPath = (url: string): boolean => /^\/(ogc|tiles)(\/|\?|$)/.test(url);

type ErrorBody = { error: string; message: string; details?: unknown };

/**
 * Our error body, and under /ogc and /tiles also the OGC exception's `code` and `description`, with
 * the parameter and term a filter was refused for (Cql2Error's details) at the top, where a client shows them.
 */
function errorBody(url: string, status: number, body: ErrorBody): ErrorBody & Record<string, unknown> {
  if (!isOgcPath(url)) return body;
  const details = (body.details ?? {}) as { parameter?: unknown; term?: unknown };
  return {
    code: OGC_CODE[status] ?? (status >= 500 ? 'ServerError' : 'InvalidRequest'),
    description: body.message,
    ...(typeof details.parameter === 'string' ? { parameter: details.parameter } : {}),
    ...(typeof details.term === 'string' ? { term: details.term } : {}),
    ...body,
  };
}

/** One error handler: codes map to statuses once; 5xx text is hidden, and logged with the request id. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | EstatesError | Error, request, reply) => {
    if (error instanceof EstatesError) {
      const status = STATUS[error.code];
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(status).send(
        errorBody(request.url, status, {
          error: error.code,
          message: status >= 500 ? 'internal error' : error.message,
          ...(error.details && status < 500 ? { details: error.details } : {}),
        }),
      );
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      // An id no record can have (0, past int4) in the path: the thing is not there.
      const noSuchRecord = fastifyError.validation.some(
        (issue) =>
          (issue.params as { params?: { notFound?: unknown } } | undefined)?.params?.notFound ===
          NO_SUCH_RECORD.notFound,
      );
      if (fastifyError.validationContext === 'params' && noSuchRecord)
        return reply
          .status(404)
          .send(
            errorBody(request.url, 404, { error: 'not_found', message: `nothing at ${request.url.split('?')[0]}` }),
          );
      return reply.status(400).send(errorBody(request.url, 400, { error: 'bad_input', message: fastifyError.message }));
    }
    // Two requests racing to create the same thing: the database's unique key decided.
    if ((error as { code?: unknown }).code === '23505')
      return reply.status(409).send({ error: 'conflict', message: 'that already exists' });
    // A row-level security policy refused a write (migration 0420): another organisation's record.
    if ((error as { code?: unknown }).code === '42501')
      return reply.status(403).send({ error: 'forbidden', message: 'that belongs to another organisation than yours' });
    const status = fastifyError.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send(errorBody(request.url, 500, { error: 'internal', message: 'internal error' }));
    }
    const headers = (error as { headers?: Record<string, string> }).headers;
    if (status === 429 && headers) void reply.headers(headers);
    return reply
      .status(status)
      .send(
        errorBody(request.url, status, { error: CLIENT_ERROR[status] ?? 'bad_input', message: fastifyError.message }),
      );
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(
      errorBody(request.url, 404, {
        error: 'not_found',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      }),
    ),
  );
}

/**
 * Fastify's refusals made before routing (a URL that is not valid percent-encoding), in our
 * shape: passed to Fastify({ frameworkErrors }), as they never reach the error handler.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  void reply
    .status(status)
    .send(errorBody(request.url, status, { error: CLIENT_ERROR[status] ?? 'bad_input', message: error.message }));
}
