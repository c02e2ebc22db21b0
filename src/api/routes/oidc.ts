import { signInThroughProvider } from '../../auth/accounts.js';
import { OidcRelyingParty, oidcSettings, PENDING_SIGN_IN_MS } from '../../auth/oidc.js';
import { openSession } from '../../db/sessions.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { cameOverTls, SESSION_TTL_MS, setSessionCookie } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import { refusalPage } from '../refusal-page.js';
import * as schema from '../schemas/oidc.js';

/** Holds the pending sign-in's handle between leaving for the provider and coming back. */
const PENDING_COOKIE = 'estates_oidc';
const PENDING_COOKIE_PATH = '/api/session/oidc';

/**
 * Sign-in through the organisation's identity provider (src/auth/oidc.ts). Without OIDC_ISSUER
 * the routes answer 404, saying so; local accounts work either way.
 */
export function oidcRoutes(app: Api, { db, redis, config }: ApiDeps): void {
  const settings = oidcSettings(config);
  const party = settings ? new OidcRelyingParty(settings, redis, `${config.QUEUE_PREFIX}-rate`) : null;
  const configured = (): OidcRelyingParty => {
    if (!party) throw new EstatesError('not_found', 'sign-in through an identity provider is not configured here');
    return party;
  };

  app.get(
    '/api/session/oidc',
    { config: access('GET /api/session/oidc'), schema: schema.beginOidc },
    async (request, reply) => {
      const { authorizationUrl, handle } = await configured().begin(request.query.next ?? '/');
      // Lax, not Strict: the provider's redirect back is a top-level navigation from another site.
      reply.setCookie(PENDING_COOKIE, handle, {
        path: PENDING_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: cameOverTls(request),
        maxAge: PENDING_SIGN_IN_MS / 1000,
      });
      return reply.redirect(authorizationUrl.href, 302);
    },
  );

  app.get(
    '/api/session/oidc/callback',
    { config: access('GET /api/session/oidc/callback'), schema: schema.completeOidc },
    async (request, reply) => {
      const rp = configured();
      reply.clearCookie(PENDING_COOKIE, { path: PENDING_COOKIE_PATH });
      const refuse = (title: string, reason: string) =>
        reply.status(403).type('text/html; charset=utf-8').send(refusalPage(title, reason));
      // The URL as the provider sent the browser to it, on the address people use (PUBLIC_URL).
      const callbackUrl = new URL(request.url, rp.settings.redirectUri);
      let identity: Awaited<ReturnType<typeof rp.complete>>;
      try {
        identity = await rp.complete(callbackUrl, request.cookies[PENDING_COOKIE]);
      } catch (e) {
        if (e instanceof EstatesError && e.code === 'bad_input') {
          request.log.warn({ err: e.cause ?? e }, 'OIDC sign-in not completed');
          return refuse('Sign-in not completed', e.message);
        }
        throw e;
      }
      const outcome = await signInThroughProvider(
        db,
        { issuer: identity.issuer, subject: identity.subject },
        identity.claims,
        rp.settings.mapping,
      );
      if (!outcome.ok) {
        request.log.info({ issuer: identity.issuer }, 'OIDC sign-in refused');
        return refuse('You cannot sign in here yet', outcome.reason);
      }
      const session = await openSession(db, outcome.caller.userId, new Date(), SESSION_TTL_MS, 'oidc');
      setSessionCookie(request, reply, session.sessionId, session.expiresAt);
      return reply.redirect(`/#${identity.next}`, 302);
    },
  );

  app.get(
    '/api/session/oidc/logout',
    { config: access('GET /api/session/oidc/logout'), schema: schema.oidcLogout },
    async (_request, reply) => reply.redirect((await configured().endSessionUrl())?.href ?? '/', 302),
  );
}
