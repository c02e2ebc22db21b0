import { hashPassword, newSecret } from '../auth/secrets.js';
import type { OrganisationKind } from '../domain/organisations.js';
import type { Role } from '../domain/roles.js';
import type { Executor } from './connect.js';
import { ensureOrganisation } from './organisations.js';
import { issueToken, revokeAllTokens, tokenExpiry } from './tokens.js';
import type { NewAccount } from './users.js';

/** The bodies the demo's files come from and its accounts work for. */
export const DEMO_ORGANISATIONS: ReadonlyArray<{ code: string; name: string; kind: OrganisationKind }> = [
  { code: 'NHSPS', name: 'NHS Property Services', kind: 'nhsps' },
  { code: 'CHP', name: 'Community Health Partnerships', kind: 'chp' },
  { code: 'GLA', name: 'Greater London Authority', kind: 'gla' },
];

/**
 * One account per role, and a second officer at CHP so the demo shows an officer's view limited
 * to their own organisation's records: NHSPS and CHP officers, the Board (no one body), GLA housing.
 */
const DEMO_ACCOUNTS: ReadonlyArray<{ name: string; role: Role; org: string | null }> = [
  { name: 'demo-officer', role: 'officer', org: 'NHSPS' },
  { name: 'demo-chp-officer', role: 'officer', org: 'CHP' },
  { name: 'demo-board', role: 'board', org: null },
  { name: 'demo-housing', role: 'housing', org: 'GLA' },
  { name: 'demo-admin', role: 'admin', org: null },
];

export async function ensureDemoOrganisations(trx: Executor): Promise<void> {
  for (const org of DEMO_ORGANISATIONS) await ensureOrganisation(trx, org);
}

/**
 * The demo's accounts, given a fresh password and token on every start (the old tokens are
 * revoked), so they can be printed: only hashes are ever stored.
 */
export async function resetDemoAccounts(trx: Executor, now: Date, tokenTtlDays: number): Promise<NewAccount[]> {
  await ensureDemoOrganisations(trx);
  const accounts: NewAccount[] = [];
  for (const { name, role, org } of DEMO_ACCOUNTS) {
    const password = newSecret('pw');
    const passwordHash = await hashPassword(password);
    const user = await trx
      .insertInto('users')
      .values({ name, role, org_code: org, password_hash: passwordHash })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({ password_hash: passwordHash, role, org_code: org, disabled_at: null }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await revokeAllTokens(trx, user.id, now);
    const issued = await issueToken(trx, user.id, 'demo', tokenExpiry(now, tokenTtlDays));
    accounts.push({
      userId: user.id,
      name,
      role,
      org,
      password,
      token: issued.token,
      tokenExpiresAt: issued.expiresAt,
    });
  }
  return accounts;
}
