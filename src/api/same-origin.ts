import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EstatesError } from '../errors.js';
import { SESSION_COOKIE } from './auth.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

const originOfUrl = (url: string): string | null => {
  const origin = URL.canParse(url) ? new URL(url).origin : 'null';
  return origin === 'null' ? null : origin;
};

/** Where the request says it was sent from: Origin, else the origin of Referer. */
const senderOrigin = (request: FastifyRequest): string | null => {
  const origin = request.headers.origin;
  if (origin && origin !== 'null') return originOfUrl(origin);
  const referer = request.headers.referer;
  return referer ? originOfUrl(referer) : null;
};

/**
 * The origins our own pages are served from: PUBLIC_URL's, or, when it is unset, this
 * process's port on any loopback name (npm start is opened as localhost or 127.0.0.1).
 */
function ownOrigins(app: FastifyInstance, configured: boolean): Set<string> {
  const origins = new Set([originOfUrl(app.publicUrl()) ?? '']);
  if (!configured) {
    const address = app.server.address() as AddressInfo | string | null;
    const port = address && typeof address === 'object' ? address.port : new URL(app.publicUrl()).port;
    for (const host of LOOPBACK) origins.add(`http://${host}:${port}`);
  }
  return origins;
}

/**
 * A write signed in by the session cookie must come from one of our own pages. SameSite=Strict
 * was the only defence, and "site" ignores the port: a page on the same host, another port,
 * uploaded a file with an officer's cookie. Browsers send Origin on every cross-origin write and
 * on same-origin fetches that are not GET/HEAD; Referer stands in where a proxy strips Origin.
 * Requests with a bearer token are not affected: no browser attaches one on its own. Sign-in
 * (no cookie yet) is checked when it carries an Origin, so a foreign page cannot sign a browser
 * into an account of its choosing.
 */
export function requireSameOrigin(app: FastifyInstance, configured: boolean): void {
  app.addHook('onRequest', async (request) => {
    if (READS.has(request.method) || /^Bearer\s/i.test(request.headers.authorization ?? '')) return;
    const withCookie = request.cookies[SESSION_COOKIE] !== undefined;
    if (!withCookie && request.headers.origin === undefined) return;
    const from = senderOrigin(request);
    if (from !== null && ownOrigins(app, configured).has(from)) return;
    throw new EstatesError(
      'forbidden',
      from === null
        ? 'a signed-in change must come from this site’s own pages (no Origin or Referer was sent)'
        : `a signed-in change must come from this site’s own pages, not ${from}`,
    );
  });
}
