import { organisationCode } from './organisations.js';
import { ROLES, type Role } from './roles.js';

/**
 * How an identity provider's claims become a role and an organisation here (README, Security).
 * A claim is named by a path: `roles` (Entra ID app roles), or `nhsid_nrbac_roles.role_code`
 * (NHS Care Identity's role list: each entry's `role_code`), arrays walked at every step. Each
 * value found is looked up in the map; a user whose values map to no role, or to more than one,
 * is refused, with the reason shown to them.
 */
export interface ClaimMapping {
  roleClaim: string;
  /** Claim value → role; null: a value that is a role name is that role. */
  roleMap: ReadonlyMap<string, Role> | null;
  /** null: no organisation is read. */
  orgClaim: string | null;
  /** Claim value → organisation code; null: the value itself, as an organisation code (upper-cased). */
  orgMap: ReadonlyMap<string, string> | null;
}

export type MappedIdentity =
  | { ok: true; role: Role; orgCode: string | null; userName: string }
  | { ok: false; reason: string };

/** `value=target, value=target`; a value may itself contain "=" (the last one splits). */
export function parseClaimMap(spec: string, what: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const target = pair.slice(at + 1).trim();
    if (at <= 0 || !target) throw new Error(`${what}: "${pair}" is not value=target`);
    map.set(value, target);
  }
  return map;
}

export function roleMapFrom(spec: string | undefined): ReadonlyMap<string, Role> | null {
  if (!spec) return null;
  const map = parseClaimMap(spec, 'OIDC_ROLE_MAP');
  for (const [value, role] of map)
    if (!ROLES.includes(role as Role))
      throw new Error(`OIDC_ROLE_MAP: "${value}" maps to "${role}", which is not one of ${ROLES.join(', ')}`);
  return map as Map<string, Role>;
}

export function orgMapFrom(spec: string | undefined): ReadonlyMap<string, string> | null {
  if (!spec) return null;
  const map = new Map<string, string>();
  for (const [value, text] of parseClaimMap(spec, 'OIDC_ORG_MAP')) {
    const code = organisationCode(text);
    if (!code) throw new Error(`OIDC_ORG_MAP: "${value}" maps to "${text}", not an organisation code`);
    map.set(value, code);
  }
  return map;
}

/** Every string or number at a dotted path, walking into arrays and objects. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let found: unknown[] = [claims];
  for (const step of path.split('.')) {
    found = found
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[step] : undefined))
      .filter((v) => v !== undefined && v !== null);
  }
  return [
    ...new Set(
      found
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .filter((v) => typeof v === 'string' || typeof v === 'number')
        .map(String),
    ),
  ];
}

const listed = (values: string[]): string => values.map((v) => `"${v}"`).join(', ');

/** A user name (2–64 of A-Z a-z 0-9 . _ @ -) from preferred_username, email or sub. */
export function userNameFrom(claims: Record<string, unknown>): string {
  const raw = [claims.preferred_username, claims.email, claims.sub].find((v) => typeof v === 'string' && v.trim());
  const name = String(raw ?? 'oidc-user')
    .trim()
    .replace(/[^A-Za-z0-9._@-]+/g, '-')
    .slice(0, 64);
  return name.length >= 2 ? name : `oidc-${name}`;
}

export function mapIdentity(claims: Record<string, unknown>, mapping: ClaimMapping): MappedIdentity {
  const values = claimValues(claims, mapping.roleClaim);
  if (values.length === 0)
    return {
      ok: false,
      reason: `Your account carries no "${mapping.roleClaim}" claim, so this service cannot tell which role you have. Ask your organisation's administrator to give you one of this service's roles.`,
    };
  const roles = [
    ...new Set(values.map((v) => (mapping.roleMap ? mapping.roleMap.get(v) : ROLES.find((r) => r === v)))),
  ].filter((r): r is Role => r !== undefined);
  if (roles.length === 0)
    return {
      ok: false,
      reason: `Your "${mapping.roleClaim}" values (${listed(values)}) are not roles this service knows. Ask your organisation's administrator to give you one of this service's roles.`,
    };
  if (roles.length > 1)
    return {
      ok: false,
      reason: `Your "${mapping.roleClaim}" values give you more than one role here (${roles.join(', ')}); each account has one. Ask your organisation's administrator to leave you one.`,
    };
  let orgCode: string | null = null;
  if (mapping.orgClaim) {
    const orgValues = claimValues(claims, mapping.orgClaim);
    const codes = [
      ...new Set(orgValues.map((v) => (mapping.orgMap ? mapping.orgMap.get(v) : organisationCode(v)))),
    ].filter((c): c is string => typeof c === 'string');
    if (codes.length !== 1)
      return {
        ok: false,
        reason:
          codes.length === 0
            ? `Your account names no organisation this service knows in its "${mapping.orgClaim}" claim${orgValues.length ? ` (it says ${listed(orgValues)})` : ''}. Ask your organisation's administrator.`
            : `Your account names more than one organisation (${codes.join(', ')}) in its "${mapping.orgClaim}" claim; each account works for one.`,
      };
    orgCode = codes[0] ?? null;
  }
  return { ok: true, role: roles[0] as Role, orgCode, userName: userNameFrom(claims) };
}
