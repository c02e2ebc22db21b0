import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends an answer this route serialised earlier with its own compiled serialiser (and kept in its
 * answer cache) or wrote itself (CSV, GeoJSON), as it is: the reply's type says the schema's shape,
 * which these bytes already are.
 */
export function sendSerialised(reply: FastifyReply, contentType: string, body: Buffer | string): FastifyReply {
  return reply
    .type(contentType)
    .serializer((payload: unknown) => payload as string)
    .send(body);
}

/**
 * Sends text made a piece at a time (a long CSV report) as it is made, never whole: Fastify
 * pipes a stream to the socket as the client reads it. The reply's type names the schema's
 * JSON shape, which a stream is not, hence the cast.
 */
export function sendStreamed(reply: FastifyReply, contentType: string, pieces: AsyncIterable<string>): FastifyReply {
  return reply.type(contentType).send(Readable.from(pieces) as never);
}
