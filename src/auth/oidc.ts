import * as client from 'openid-client';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { orgMapFrom, roleMapFrom, type ClaimMapping } from '../domain/oidc-mapping.js';
import { EstatesError } from '../errors.js';
import { newSecret, secretSha256 } from './secrets.js';

/**
 * OpenID Connect sign-in as a relying party (openid-client): the authorization code flow with
 * PKCE (S256), state and nonce; the ID token's signature, issuer, audience, expiry and nonce are
 * checked by openid-client against the provider's discovered keys. What the browser must bring
 * back (state, nonce, PKCE verifier) waits in Redis under a random handle held in a short-lived
 * cookie, so any API process can finish a sign-in another began, and each is used once.
 */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string;
  label: string;
  mapping: ClaimMapping;
}

/** null when OIDC_ISSUER is unset: local accounts only. Throws on a role or organisation map that cannot be read. */
export function oidcSettings(config: Config): OidcSettings | null {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET || !config.PUBLIC_URL) return null;
  const base = config.PUBLIC_URL.replace(/\/+$/, '');
  return {
    issuer: new URL(config.OIDC_ISSUER),
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUri: `${base}${OIDC_CALLBACK_PATH}`,
    postLogoutRedirectUri: `${base}/`,
    scopes: config.OIDC_SCOPES,
    label: config.OIDC_LABEL,
    mapping: {
      roleClaim: config.OIDC_ROLE_CLAIM,
      roleMap: roleMapFrom(config.OIDC_ROLE_MAP),
      orgClaim: config.OIDC_ORG_CLAIM ?? null,
      orgMap: orgMapFrom(config.OIDC_ORG_MAP),
    },
  };
}

export const OIDC_CALLBACK_PATH = '/api/session/oidc/callback';
/** Ten minutes to sign in at the provider and come back. */
export const PENDING_SIGN_IN_MS = 10 * 60 * 1000;

interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The UI page to land on afterwards. */
  next: string;
}

export interface VouchedIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
  next: string;
}

/** http is allowed only for a provider on this machine (a test's, or a development one). */
const isLoopback = (url: URL): boolean =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export class OidcRelyingParty {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    readonly settings: OidcSettings,
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** The provider's metadata and keys, fetched once; a failed fetch is tried again next time. */
  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(
        this.settings.issuer,
        this.settings.clientId,
        this.settings.clientSecret,
        client.ClientSecretPost(this.settings.clientSecret),
        isLoopback(this.settings.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        this.discovered = undefined;
        throw new EstatesError(
          'service_unavailable',
          `the identity provider at ${this.settings.issuer.href} is not answering; try again in a minute`,
          { cause: e },
        );
      });
    return this.discovered;
  }

  private pendingKey(handle: string): string {
    return `${this.keyPrefix}-oidc-${secretSha256(handle)}`;
  }

  /** Where to send the browser, and the handle its cookie keeps until it comes back. */
  async begin(next: string): Promise<{ authorizationUrl: URL; handle: string }> {
    const configuration = await this.configuration();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      next,
    };
    const handle = newSecret('oidc');
    await this.redis.set(this.pendingKey(handle), JSON.stringify(pending), 'PX', PENDING_SIGN_IN_MS);
    const authorizationUrl = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { authorizationUrl, handle };
  }

  /**
   * The identity the provider vouched for on its way back (`callbackUrl`: the redirect as
   * received). Refused (bad_input, with a sentence for the person) when the handle is unknown or
   * used, the state or nonce differ, the provider reports an error, or the ID token fails a check.
   */
  async complete(callbackUrl: URL, handle: string | undefined): Promise<VouchedIdentity> {
    const stored = handle ? await this.redis.getdel(this.pendingKey(handle)) : null;
    if (!stored)
      throw new EstatesError(
        'bad_input',
        'This sign-in was not started here, was already used, or took longer than ten minutes. Start again from the sign-in page.',
      );
    const pending = JSON.parse(stored) as PendingSignIn;
    const configuration = await this.configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      const said = e as { error?: string; error_description?: string; message?: string };
      throw new EstatesError(
        'bad_input',
        `The identity provider did not complete the sign-in (${said.error_description ?? said.error ?? said.message ?? 'no reason given'}). Start again from the sign-in page.`,
        { cause: e },
      );
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new EstatesError('bad_input', 'The identity provider sent no ID token. Start again.');
    let claims: Record<string, unknown> = { ...idClaims };
    // Some providers (NHS Care Identity) put roles in userinfo only: asked when the ID token lacks them.
    const metadata = configuration.serverMetadata();
    const roleClaimTop = this.settings.mapping.roleClaim.split('.')[0] ?? '';
    if (!(roleClaimTop in claims) && metadata.userinfo_endpoint)
      claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)), ...claims };
    return { issuer: String(idClaims.iss), subject: idClaims.sub, claims, next: pending.next };
  }

  /** Where to send a browser signing out, so it is signed out at the provider too (RP-initiated logout). */
  async endSessionUrl(): Promise<URL | null> {
    const configuration = await this.configuration();
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(configuration, {
      client_id: this.settings.clientId,
      post_logout_redirect_uri: this.settings.postLogoutRedirectUri,
    });
  }
}
