import { newSecret, secretSha256 } from '../auth/secrets.js';
import type { Executor } from './connect.js';
import type { Caller } from './users.js';

export interface NewSession {
  /** The cookie value; only its sha256 is stored, so a database leak opens no session. */
  sessionId: string;
  expiresAt: Date;
}

/** Opens a session for a user, expiring `ttlMs` after `now`; expired ones are swept at the same time. */
export type SignedInWith = 'password' | 'oidc';

export async function openSession(
  db: Executor,
  userId: number,
  now: Date,
  ttlMs: number,
  signedInWith: SignedInWith = 'password',
): Promise<NewSession> {
  const sessionId = newSecret('ses');
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  await db
    .insertInto('sessions')
    .values({
      session_sha256: secretSha256(sessionId),
      user_id: userId,
      created_at: now,
      expires_at: expiresAt,
      signed_in_with: signedInWith,
    })
    .execute();
  return { sessionId, expiresAt };
}

/** The caller behind a live session, or null when it is unknown, expired, or its user disabled. */
export async function callerForSession(
  db: Executor,
  sessionId: string,
  now: Date,
): Promise<(Caller & { expiresAt: Date; signedInWith: SignedInWith }) | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.name', 'u.role', 'u.org_code', 's.expires_at', 's.signed_in_with'])
    .where('s.session_sha256', '=', secretSha256(sessionId))
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row
    ? {
        userId: row.id,
        name: row.name,
        role: row.role,
        org: row.org_code,
        expiresAt: row.expires_at,
        signedInWith: row.signed_in_with,
      }
    : null;
}

export async function closeSession(db: Executor, sessionId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('session_sha256', '=', secretSha256(sessionId))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
