import { newSecret, secretSha256 } from '../auth/secrets.js';
import type { Executor } from './connect.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a token issued at `now` to live `days` days expires. */
export const tokenExpiry = (now: Date, days: number): Date => new Date(now.getTime() + days * DAY_MS);

export interface IssuedToken {
  tokenId: number;
  /** Shown once; only its sha256 is stored. */
  token: string;
  label: string;
  expiresAt: Date;
}

export type TokenStatus = 'live' | 'expired' | 'revoked';

export interface TokenRecord {
  tokenId: number;
  userId: number;
  label: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  status: TokenStatus;
}

export async function issueToken(db: Executor, userId: number, label: string, expiresAt: Date): Promise<IssuedToken> {
  const token = newSecret('est');
  const row = await db
    .insertInto('api_tokens')
    .values({ token_sha256: secretSha256(token), user_id: userId, label, expires_at: expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { tokenId: row.id, token, label, expiresAt };
}

/** A user's tokens, newest first, each with whether it still opens the API at `now`. */
export async function listTokens(db: Executor, userId: number, now: Date): Promise<TokenRecord[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'label', 'created_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    tokenId: r.id,
    userId: r.user_id,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    status: r.revoked_at ? 'revoked' : r.expires_at <= now ? 'expired' : 'live',
  }));
}

/** Revokes one of a user's tokens; false when the user has no such token or it was already revoked. */
export async function revokeToken(db: Executor, userId: number, tokenId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every live token of a user (the demo's accounts, on every start). */
export async function revokeAllTokens(db: Executor, userId: number, now: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}
