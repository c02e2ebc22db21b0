import { z } from 'zod';
import { errorResponses } from './common.js';

/** A UI page to land on after signing in: a hash-route path, never another site. */
export const landingPath = z
  .string()
  .max(200)
  .regex(/^\/[A-Za-z0-9/_-]*$/, 'a page of this service, e.g. /ranked');

const redirect = z.undefined().describe('a redirect (302) with Location');

export const beginOidc = {
  summary: 'Sign in through the identity provider: redirects there (authorization code + PKCE, state, nonce)',
  tags: ['session'],
  querystring: z.strictObject({ next: landingPath.optional() }),
  response: { 302: redirect, ...errorResponses },
};

export const completeOidc = {
  summary:
    "The identity provider's redirect back: checks the ID token, opens a session and lands on the UI; a refusal is a page saying why (403)",
  tags: ['session'],
  // Providers add their own parameters (iss, session_state…): the code grant reads the URL as sent.
  querystring: z.object({ code: z.string().max(4096).optional(), state: z.string().max(512).optional() }),
  response: {
    302: redirect,
    403: z.string().describe('text/html: the page saying why the sign-in was refused and what to do'),
    ...errorResponses,
  },
};

export const oidcLogout = {
  summary: 'After DELETE /api/session of a session opened through the identity provider: sign out there too (redirect)',
  tags: ['session'],
  response: { 302: redirect, ...errorResponses },
};
