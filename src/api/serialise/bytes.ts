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
