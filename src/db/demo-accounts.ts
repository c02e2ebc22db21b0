import { hashPassword, newSecret } from '../auth/secrets.js';
import type { Executor } from './connect.js';
import { ROLES } from '../domain/roles.js';
import { issueToken, revokeAllTokens, tokenExpiry } from './tokens.js';
import type { NewAccount } from './users.js';

/**
 * One account per role for the demo, given a fresh password and token on every start (the
 * old tokens are revoked), so they can be printed: only hashes are ever stored.
 */
export async function resetDemoAccounts(trx: Executor, now: Date, tokenTtlDays: number): Promise<NewAccount[]> {
  const accounts: NewAccount[] = [];
  for (const role of ROLES) {
    const name = `demo-${role}`;
    const password = newSecret('pw');
    const passwordHash = await hashPassword(password);
    const user = await trx
      .insertInto('users')
      .values({ name, role, password_hash: passwordHash })
      .onConflict((oc) => oc.column('name').doUpdateSet({ password_hash: passwordHash, role, disabled_at: null }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await revokeAllTokens(trx, user.id, now);
    const issued = await issueToken(trx, user.id, 'demo', tokenExpiry(now, tokenTtlDays));
    accounts.push({ userId: user.id, name, role, password, token: issued.token, tokenExpiresAt: issued.expiresAt });
  }
  return accounts;
}
