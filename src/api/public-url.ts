import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where users reach this API (scheme, host, any path prefix; no trailing slash). */
    publicUrl(): string;
  }
}

/**
 * The URL every link we write starts with (OGC self/next links, tilesets) and the origin a
 * cookie-authenticated write must come from: PUBLIC_URL when set (any deployment behind a proxy
 * sets it), else the address this process listens on. Never the request's Host header, which the
 * caller writes: echoed into links it let a crafted request hand a GIS client links to another site.
 */
export function installPublicUrl(app: FastifyInstance, config: Config): void {
  const configured = config.PUBLIC_URL?.replace(/\/+$/, '');
  app.decorate('publicUrl', (): string => {
    if (configured) return configured;
    const address = app.server.address() as AddressInfo | string | null;
    const port = address && typeof address === 'object' ? address.port : config.PORT;
    const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
    return `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${port}`;
  });
}
