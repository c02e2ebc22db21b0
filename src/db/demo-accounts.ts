import { hashPassword, newSecret, secretSha256 } from '../auth/secrets.js';
import type { Executor } from './connect.js';
import { ROLES } from '../domain/roles.js';
import type { NewAccount } from './users.js';

/**
 * One account per role for the demo, given a fresh password and token on every start (the
 * old tokens are revoked), so they can be printed: only hashes are ever stored.
 */
export async function resetDemoAccounts(trx: Executor): Promise<NewAccount[]> {
  const accounts: NewAccount[] = [];
  for (const role of ROLES) {
    const name = `demo-${role}`;
    const password = newSecret('pw');
    const token = newSecret('est');
    const passwordHash = await hashPassword(password);
    const user = await trx
      .insertInto('users')
      .values({ name, role, password_hash: passwordHash })
      .onConflict((oc) => oc.column('name').doUpdateSet({ password_hash: passwordHash, role, disabled_at: null }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .insertInto('api_tokens')
      .values({ token_sha256: secretSha256(token), user_id: user.id, label: 'demo' })
      .execute();
    accounts.push({ userId: user.id, name, role, password, token });
  }
  return accounts;
}
