import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LandSrid } from '../../db/land.js';
import { EstatesError } from '../../errors.js';
import { BNG, CRS84 } from '../schemas/ogc.js';

/** What OGC API – Features answers share: their base URL, the CRS parameters, and how JSON goes out. */

export const JSON_TYPE = 'application/json';

const SRID: Record<string, LandSrid> = { [CRS84]: 4326, [BNG]: 27700 };

/** Where links start: the configured public URL (src/api/public-url.ts), never the request's Host. */
export const originOf = (request: FastifyRequest): string => request.server.publicUrl();

export const baseUrl = (request: FastifyRequest): string => `${originOf(request)}/ogc`;

export const sridOf = (uri: string | undefined, parameter: string): LandSrid => {
  if (uri === undefined) return 4326;
  const srid = SRID[uri];
  if (srid === undefined) throw new EstatesError('bad_input', `${parameter} must be ${CRS84} or ${BNG}`);
  return srid;
};

export const crsUri = (srid: LandSrid): string => (srid === 4326 ? CRS84 : BNG);

/** Sends a document as JSON (or GeoJSON), with its Content-Crs when it carries coordinates. */
export const sendJson = (reply: FastifyReply, type: string, body: unknown, srid?: LandSrid): FastifyReply => {
  if (srid !== undefined) void reply.header('content-crs', `<${crsUri(srid)}>`);
  return reply
    .type(type)
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(body);
};
