import type { Db } from '../db/connect.js';
import { isRegisteredOrganisation } from '../db/organisations.js';
import { issueToken, revokeToken, tokenExpiry, type IssuedToken } from '../db/tokens.js';
import {
  addProviderUser,
  findUser,
  refreshProviderUser,
  userForIdentity,
  type ProviderIdentity,
  passwordHashOf,
  setPasswordHash,
  setUserDisabled,
  type Caller,
  type UserRecord,
} from '../db/users.js';
import { mapIdentity, type ClaimMapping } from '../domain/oidc-mapping.js';
import { passwordProblem } from '../domain/password-policy.js';
import { EstatesError } from '../errors.js';
import { hashPassword, newSecret, verifyPassword } from './secrets.js';

/**
 * What an account's owner or an admin may do to it, shared by the API routes, the admin page
 * (through those routes) and `estates users …`, so they cannot disagree. Each is one transaction;
 * every change moves the credentials version (migration 0350), so the API's cached token owners
 * are checked again on the next request.
 */

const signsInElsewhere = (name: string): EstatesError =>
  new EstatesError(
    'conflict',
    `${name} signs in through the organisation's identity provider and has no password here: change it there`,
  );

/** The owner changes their own password, proving the current one; their other sessions end. */
export async function changeOwnPassword(
  db: Db,
  caller: Caller,
  change: { currentPassword: string; newPassword: string },
  now: Date,
  keepSessionId?: string,
): Promise<'changed' | 'wrong_current_password'> {
  const stored = await passwordHashOf(db, caller.userId);
  if (stored === null) throw signsInElsewhere(caller.name);
  if (!(await verifyPassword(change.currentPassword, stored))) return 'wrong_current_password';
  const problem = passwordProblem(change.newPassword, caller.name);
  if (problem) throw new EstatesError('bad_input', problem);
  if (change.newPassword === change.currentPassword)
    throw new EstatesError('bad_input', 'the new password is the same as the current one');
  const hash = await hashPassword(change.newPassword);
  await db.transaction().execute((trx) => setPasswordHash(trx, caller.userId, hash, now, keepSessionId));
  return 'changed';
}

export interface ResetPassword {
  userId: number;
  name: string;
  /** Shown once; only its hash is kept. */
  password: string;
}

/** An admin gives a user a new one-time password; every session of theirs ends. */
export async function resetPassword(db: Db, who: number | string, now: Date): Promise<ResetPassword> {
  const password = newSecret('pw');
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const user = await findUser(trx, who, now);
    if (user.oidcIssuer) throw signsInElsewhere(user.name);
    await setPasswordHash(trx, user.userId, hash, now);
    return { userId: user.userId, name: user.name, password };
  });
}

/**
 * Disables (sessions end, tokens stop working) or re-enables a user. `actor` is the admin doing
 * it through the API: an admin may not disable themselves, which could leave nobody to undo it.
 */
export async function setDisabled(
  db: Db,
  who: number | string,
  disabled: boolean,
  now: Date,
  actor?: Caller,
): Promise<UserRecord> {
  return db.transaction().execute(async (trx) => {
    const user = await findUser(trx, who, now);
    if (disabled && actor?.userId === user.userId)
      throw new EstatesError('conflict', 'you cannot disable your own account: ask another admin');
    if (disabled !== (user.disabledAt !== null)) await setUserDisabled(trx, user.userId, disabled ? now : null);
    return findUser(trx, user.userId, now);
  });
}

/** A new API token for a user, living `days` days. */
export async function addToken(
  db: Db,
  who: number | string,
  token: { label: string; days: number },
  now: Date,
): Promise<IssuedToken & { userId: number; name: string }> {
  return db.transaction().execute(async (trx) => {
    const user = await findUser(trx, who, now);
    const issued = await issueToken(trx, user.userId, token.label, tokenExpiry(now, token.days));
    return { ...issued, userId: user.userId, name: user.name };
  });
}

/** Revokes one of a user's tokens; not_found when the user has no live token by that number. */
export async function revokeUserToken(db: Db, who: number | string, tokenId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await findUser(trx, who, now);
    if (!(await revokeToken(trx, user.userId, tokenId, now)))
      throw new EstatesError('not_found', `${user.name} has no unrevoked token ${tokenId}`);
  });
}

export type ProviderSignIn = { ok: true; caller: Caller } | { ok: false; reason: string };

/**
 * A user the identity provider has vouched for: the one it knows by issuer and subject, with
 * the role and organisation its claims map to now, or a new user with them. Refused, with a
 * reason for the person, when the claims map to no single role or organisation, or the user
 * is disabled here.
 */
export async function signInThroughProvider(
  db: Db,
  identity: ProviderIdentity,
  claims: Record<string, unknown>,
  mapping: ClaimMapping,
): Promise<ProviderSignIn> {
  const mapped = mapIdentity(claims, mapping);
  if (!mapped.ok) return mapped;
  return db.transaction().execute(async (trx) => {
    const known = await userForIdentity(trx, identity);
    if (known?.disabledAt)
      return { ok: false, reason: 'Your account here has been disabled. Ask the estates team’s administrator.' };
    if (mapped.orgCode && !(await isRegisteredOrganisation(trx, mapped.orgCode)))
      return {
        ok: false,
        reason: `Your organisation (${mapped.orgCode}) is not registered here yet. Ask the estates team to register it.`,
      };
    if (known) {
      await refreshProviderUser(trx, known.userId, mapped);
      return { ok: true, caller: { userId: known.userId, name: known.name, role: mapped.role, org: mapped.orgCode } };
    }
    return { ok: true, caller: await addProviderUser(trx, identity, { ...mapped, name: mapped.userName }) };
  });
}
