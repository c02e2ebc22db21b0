import type { Executor } from '../../src/db/connect.js';
import { ensureOrganisation } from '../../src/db/organisations.js';
import { addUser, type NewAccount } from '../../src/db/users.js';
import type { Role } from '../../src/domain/roles.js';

/** The organisation tests' officers work for, and which owns what the tests' seeds write. */
export const TEST_ORG = 'NHSPS';

/** Registers TEST_ORG unless it is already registered. */
export const registerTestOrg = (db: Executor) =>
  ensureOrganisation(db, { code: TEST_ORG, name: 'NHS Property Services', kind: 'nhsps' });

/** An account for a test: an officer works for TEST_ORG (registered when first needed), the others for none. */
export async function testAccount(db: Executor, name: string, role: Role): Promise<NewAccount> {
  if (role !== 'officer') return addUser(db, name, role);
  await registerTestOrg(db);
  return addUser(db, name, role, { org: TEST_ORG });
}

/** Gives TEST_ORG every upload, site and case a seed wrote without an owner, as the ingest and case opening would. */
export async function ownedByTestOrg(db: Executor): Promise<void> {
  await registerTestOrg(db);
  for (const table of ['uploads', 'sites', 'cases'] as const)
    await db.updateTable(table).set({ org_code: TEST_ORG }).where('org_code', 'is', null).execute();
}
