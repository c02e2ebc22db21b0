import { sql } from 'kysely';
import { EstatesError } from '../errors.js';
import { hashPassword, newSecret, secretSha256, verifyPassword } from '../auth/secrets.js';
import type { Executor } from './connect.js';
import { ROLES, type Role } from '../domain/roles.js';

/** A user name: 2–64 letters, digits or . _ @ - */
export const USER_NAME = /^[A-Za-z0-9._@-]{2,64}$/;

export interface Caller {
  userId: number;
  name: string;
  role: Role;
}

export interface NewAccount {
  userId: number;
  name: string;
  role: Role;
  /** Shown once; only hashes are stored. */
  password: string;
  token: string;
}

export async function addUser(trx: Executor, name: string, role: Role): Promise<NewAccount> {
  if (!ROLES.includes(role)) throw new EstatesError('bad_input', `role must be one of ${ROLES.join(', ')}`);
  if (!USER_NAME.test(name)) throw new EstatesError('bad_input', 'a user name is 2–64 letters, digits or . _ @ -');
  const existing = await trx.selectFrom('users').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) throw new EstatesError('conflict', `user ${name} already exists`);
  const password = newSecret('pw');
  const token = newSecret('est');
  const user = await trx
    .insertInto('users')
    .values({ name, role, password_hash: await hashPassword(password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('api_tokens')
    .values({ token_sha256: secretSha256(token), user_id: user.id, label: 'created with the account' })
    .execute();
  return { userId: user.id, name, role, password, token };
}

export async function callerForToken(db: Executor, token: string): Promise<Caller | null> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.name', 'u.role'])
    .where('t.token_sha256', '=', secretSha256(token))
    .where('t.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { userId: row.id, name: row.name, role: row.role } : null;
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
    .select(['id', 'name', 'role', 'password_hash', 'disabled_at'])
    .where('name', '=', name)
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? (await unknownUserHash()));
  return row && ok && row.disabled_at === null ? { userId: row.id, name: row.name, role: row.role } : null;
}

let decoyHash: Promise<string> | undefined;
const unknownUserHash = (): Promise<string> => (decoyHash ??= hashPassword(newSecret('decoy')));
