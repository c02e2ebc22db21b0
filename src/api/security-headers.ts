import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/**
 * The Content Security Policy our UI satisfies (test/e2e/browser/security-headers.test.ts visits
 * every page as every role and fails on any violation): scripts, styles, fonts and data only
 * from this origin (the UI is static modules and Leaflet from node_modules, with no inline
 * script or style attribute; styles set from script go through CSSOM, which CSP allows), images
 * from here, data: URLs (Leaflet's and the favicon) and the basemap's origin when one is set; no
 * plugins, no framing by anyone (clickjacking), forms only to us.
 */
export function contentSecurityPolicy(config: Config): Record<string, string[]> {
  const basemap =
    config.BASEMAP_URL && URL.canParse(config.BASEMAP_URL.replace(/[{}]/g, ''))
      ? [new URL(config.BASEMAP_URL.replace(/[{}]/g, '')).origin]
      : [];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', ...basemap],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/**
 * Security headers on every answer (@fastify/helmet): the CSP above, nosniff, frame-ancestors
 * and X-Frame-Options, Referrer-Policy same-origin (a Referer never leaves for another site, and
 * stays available to the same-origin check), HSTS (honoured over TLS only). And every answer of
 * a route that needs a caller is `Cache-Control: no-store` unless the route says otherwise:
 * valuations, the ranked list with values and exports are confidential, and no shared or
 * browser cache may keep them after sign-out.
 */
export async function installSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const access = request.routeOptions.config.access;
    if (access !== undefined && access !== 'public' && !reply.hasHeader('cache-control'))
      void reply.header('cache-control', 'no-store');
    return payload;
  });
}
