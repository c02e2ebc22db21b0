import { sql } from 'kysely';
import { EstatesError } from '../errors.js';
import { hashPassword, newSecret, secretSha256, verifyPassword } from '../auth/secrets.js';
import { DEFAULT_TOKEN_TTL_DAYS } from '../config.js';
import type { Executor } from './connect.js';
import { ROLES, type Role } from '../domain/roles.js';
import { issueToken, tokenExpiry } from './tokens.js';
import { registeredOrganisation } from './organisations.js';

/** A user name: 2–64 letters, digits or . _ @ - */
export const USER_NAME = /^[A-Za-z0-9._@-]{2,64}$/;

export interface Caller {
  userId: number;
  name: string;
  role: Role;
  /** The organisation the user works for; null for one registered without. */
  org: string | null;
}

export interface NewAccount {
  userId: number;
  name: string;
  role: Role;
  org: string | null;
  /** Shown once; only hashes are stored. */
  password: string;
  token: string;
  tokenExpiresAt: Date;
}

export interface TokenLife {
  now?: Date;
  /** Days the account's first token lives (TOKEN_TTL_DAYS). */
  tokenTtlDays?: number;
}

export interface NewUserOptions extends TokenLife {
  /** The organisation the user works for: a registered organisation's code, however typed. */
  org?: string | null;
}

export async function addUser(
  trx: Executor,
  name: string,
  role: Role,
  { now = new Date(), tokenTtlDays = DEFAULT_TOKEN_TTL_DAYS, org }: NewUserOptions = {},
): Promise<NewAccount> {
  if (!ROLES.includes(role)) throw new EstatesError('bad_input', `role must be one of ${ROLES.join(', ')}`);
  if (!USER_NAME.test(name)) throw new EstatesError('bad_input', 'a user name is 2–64 letters, digits or . _ @ -');
  const existing = await trx.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) throw new EstatesError('conflict', `user ${name} already exists`);
  const orgCode = org ? await registeredOrganisation(trx, org) : null;
  const password = newSecret('pw');
  const user = await trx
    .insertInto('users')
    .values({ name, role, org_code: orgCode, password_hash: await hashPassword(password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const issued = await issueToken(trx, user.id, 'created with the account', tokenExpiry(now, tokenTtlDays));
  return {
    userId: user.id,
    name,
    role,
    org: orgCode,
    password,
    token: issued.token,
    tokenExpiresAt: issued.expiresAt,
  };
}

/**
 * Who a token belongs to and when it expires, or null when it is unknown, revoked or its user
 * disabled. Expiry is left to the caller to compare with the time of each request, because the
 * API keeps this answer until the next change to users or tokens (src/api/auth.ts).
 */
export async function callerForToken(db: Executor, token: string): Promise<(Caller & { expiresAt: Date }) | null> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.name', 'u.role', 'u.org_code', 't.expires_at'])
    .where('t.token_sha256', '=', secretSha256(token))
    .where('t.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { userId: row.id, name: row.name, role: row.role, org: row.org_code, expiresAt: row.expires_at } : null;
}

export interface UserRecord {
  userId: number;
  name: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
  passwordChangedAt: Date | null;
  /** Tokens neither revoked nor expired. */
  liveTokens: number;
  /** The identity provider's issuer for a user who signs in there; null for a local account. */
  oidcIssuer: string | null;
  /** The organisation the user works for; null for none. */
  org: string | null;
}

const userRecords = (db: Executor, now: Date) =>
  db.selectFrom('users as u').select((eb) => [
    'u.id',
    'u.name',
    'u.role',
    'u.created_at',
    'u.disabled_at',
    'u.password_changed_at',
    'u.oidc_issuer',
    'u.org_code',
    eb
      .selectFrom('api_tokens as t')
      .select((c) => c.fn.countAll<string>().as('n'))
      .whereRef('t.user_id', '=', 'u.id')
      .where('t.revoked_at', 'is', null)
      .where('t.expires_at', '>', now)
      .as('live_tokens'),
  ]);

const toUserRecord = (r: {
  id: number;
  name: string;
  role: Role;
  created_at: Date;
  disabled_at: Date | null;
  password_changed_at: Date | null;
  oidc_issuer: string | null;
  org_code: string | null;
  live_tokens: string | null;
}): UserRecord => ({
  userId: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
  passwordChangedAt: r.password_changed_at,
  liveTokens: Number(r.live_tokens ?? 0),
  oidcIssuer: r.oidc_issuer,
  org: r.org_code,
});

export async function listUsers(db: Executor, now: Date): Promise<UserRecord[]> {
  return (await userRecords(db, now).orderBy('u.name').execute()).map(toUserRecord);
}

/** One user by id or by name; not_found names what was asked for. */
export async function findUser(db: Executor, who: number | string, now: Date): Promise<UserRecord> {
  const row = await userRecords(db, now)
    .where(typeof who === 'number' ? 'u.id' : 'u.name', '=', who)
    .executeTakeFirst();
  if (!row) throw new EstatesError('not_found', `no user ${typeof who === 'number' ? `with id ${who}` : who}`);
  return toUserRecord(row);
}

/** Disables (at `disabledAt`) or re-enables a user; disabling also ends their sessions. */
export async function setUserDisabled(db: Executor, userId: number, disabledAt: Date | null): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', userId).execute();
  if (disabledAt) await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function passwordHashOf(db: Executor, userId: number): Promise<string | null> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash ?? null;
}

/**
 * Stores a new password hash and ends the user's sessions, all but `keepSessionId` (the one
 * that changed its own password stays signed in; every other browser must sign in again).
 */
export async function setPasswordHash(
  db: Executor,
  userId: number,
  passwordHash: string,
  now: Date,
  keepSessionId?: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: now })
    .where('id', '=', userId)
    .execute();
  let sessions = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) sessions = sessions.where('session_sha256', '!=', secretSha256(keepSessionId));
  await sessions.execute();
}

/** Moves on with every committed change to users or API tokens (migration 0350). */
export async function credentialsVersion(db: Executor): Promise<string> {
  const result = await sql<{ version: string }>`SELECT version::text AS version FROM credentials_version`.execute(db);
  return result.rows[0]?.version ?? '0';
}

/**
 * The caller whose name and password match, or null. An unknown or disabled name still costs one
 * scrypt verification, so response time does not tell which names exist.
 */
export async function callerForPassword(db: Executor, name: string, password: string): Promise<Caller | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'org_code', 'password_hash', 'disabled_at'])
    .where('name', '=', name)
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? (await unknownUserHash()));
  return row && ok && row.disabled_at === null
    ? { userId: row.id, name: row.name, role: row.role, org: row.org_code }
    : null;
}

let decoyHash: Promise<string> | undefined;
const unknownUserHash = (): Promise<string> => (decoyHash ??= hashPassword(newSecret('decoy')));

export interface ProviderIdentity {
  issuer: string;
  subject: string;
}

/** The user the identity provider knows by this issuer and subject, or null when first seen. */
export async function userForIdentity(
  db: Executor,
  identity: ProviderIdentity,
): Promise<(Caller & { disabledAt: Date | null }) | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'org_code', 'disabled_at'])
    .where('oidc_issuer', '=', identity.issuer)
    .where('oidc_subject', '=', identity.subject)
    .executeTakeFirst();
  return row
    ? { userId: row.id, name: row.name, role: row.role, org: row.org_code, disabledAt: row.disabled_at }
    : null;
}

/**
 * A user first seen through the identity provider: no password here. Their name is the one the
 * provider gave, or, when a local account has it, that name with the first free "-2", "-3"….
 */
export async function addProviderUser(
  trx: Executor,
  identity: ProviderIdentity,
  user: { name: string; role: Role; orgCode: string | null },
): Promise<Caller> {
  const taken = new Set(
    (
      await trx
        .selectFrom('users')
        .select('name')
        .where((eb) => eb.or([eb('name', '=', user.name), eb('name', 'like', `${user.name.slice(0, 60)}-%`)]))
        .execute()
    ).map((r) => r.name),
  );
  let name = user.name;
  for (let n = 2; taken.has(name); n++) name = `${user.name.slice(0, 60)}-${n}`;
  const row = await trx
    .insertInto('users')
    .values({
      name,
      role: user.role,
      password_hash: null,
      oidc_issuer: identity.issuer,
      oidc_subject: identity.subject,
      org_code: user.orgCode,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: row.id, name, role: user.role, org: user.orgCode };
}

/** The provider is the authority on a provider user's role and organisation: kept as it last said. */
export async function refreshProviderUser(
  trx: Executor,
  userId: number,
  user: { role: Role; orgCode: string | null },
): Promise<void> {
  await trx
    .updateTable('users')
    .set({ role: user.role, org_code: user.orgCode })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('role', '!=', user.role), eb('org_code', 'is distinct from', user.orgCode)]))
    .execute();
}
