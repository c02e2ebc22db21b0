import {
  ORGANISATION_KINDS,
  isOrganisationKind,
  organisationCode,
  type OrganisationKind,
} from '../domain/organisations.js';
import { EstatesError } from '../errors.js';
import type { Executor } from './connect.js';

export interface Organisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  createdAt: string;
}

const toOrganisation = (row: { code: string; name: string; kind: string; created_at: Date }): Organisation => ({
  code: row.code,
  name: row.name,
  kind: row.kind as OrganisationKind,
  createdAt: row.created_at.toISOString(),
});

/** Registers an organisation; a code already registered is a conflict. */
export async function addOrganisation(
  trx: Executor,
  input: { code: string; name: string; kind: string },
): Promise<Organisation> {
  const code = organisationCode(input.code);
  if (!code)
    throw new EstatesError('bad_input', `"${input.code}" is not an organisation code: 2–16 letters, digits or hyphens`);
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200)
    throw new EstatesError('bad_input', 'an organisation name is 1–200 characters');
  if (!isOrganisationKind(input.kind))
    throw new EstatesError('bad_input', `kind must be one of ${ORGANISATION_KINDS.join(', ')}, not "${input.kind}"`);
  const row = await trx
    .insertInto('organisations')
    .values({ code, name, kind: input.kind })
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new EstatesError('conflict', `organisation ${code} already exists`);
  return toOrganisation(row);
}

/** Registers the organisation unless its code is already taken; for the demo, which runs again and again. */
export async function ensureOrganisation(
  trx: Executor,
  input: { code: string; name: string; kind: OrganisationKind },
): Promise<void> {
  await trx
    .insertInto('organisations')
    .values(input)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function listOrganisations(db: Executor): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().orderBy('code').execute();
  return rows.map(toOrganisation);
}

/** The stored code of a registered organisation, however it was typed; unknown is bad input. */
export async function registeredOrganisation(db: Executor, text: string): Promise<string> {
  const code = organisationCode(text);
  const row = code
    ? await db.selectFrom('organisations').select('code').where('code', '=', code).executeTakeFirst()
    : undefined;
  if (!row)
    throw new EstatesError(
      'bad_input',
      `no organisation "${text}"; register it first: estates orgs add CODE --name NAME`,
    );
  return row.code;
}

/** Whether an organisation with exactly this code is registered (the identity provider's, mapped). */
export async function isRegisteredOrganisation(db: Executor, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('organisations').select('code').where('code', '=', code).executeTakeFirst()) !== undefined
  );
}
