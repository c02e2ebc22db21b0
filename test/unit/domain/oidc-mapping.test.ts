import { describe, expect, it } from 'vitest';
import {
  claimValues,
  mapIdentity,
  orgMapFrom,
  roleMapFrom,
  userNameFrom,
  type ClaimMapping,
} from '../../../src/domain/oidc-mapping.js';

const entra: ClaimMapping = {
  roleClaim: 'roles',
  roleMap: roleMapFrom('Estates.Officer=officer, Estates.Board=board'),
  orgClaim: null,
  orgMap: null,
};

// NHS Care Identity's role list, shaped as its userinfo sends it (one entry per role held).
const cis2Claims = {
  sub: '910000000001',
  nhsid_nrbac_roles: [
    { person_roleid: '1', org_code: 'RYJ', role_code: 'S8000:G8000:R8001' },
    { person_roleid: '2', org_code: 'RYJ', role_code: 'S8000:G8000:R8003' },
  ],
};

describe('claims to a role and an organisation', () => {
  it('maps Entra ID app roles through OIDC_ROLE_MAP', () => {
    expect(mapIdentity({ sub: 'x', preferred_username: 'a.b@nhs.net', roles: ['Estates.Board'] }, entra)).toEqual({
      ok: true,
      role: 'board',
      orgCode: null,
      userName: 'a.b@nhs.net',
    });
  });

  it('reads a path into an array of objects, as NHS Care Identity nests roles and organisations', () => {
    expect(claimValues(cis2Claims, 'nhsid_nrbac_roles.role_code')).toEqual(['S8000:G8000:R8001', 'S8000:G8000:R8003']);
    const mapping: ClaimMapping = {
      roleClaim: 'nhsid_nrbac_roles.role_code',
      roleMap: roleMapFrom('S8000:G8000:R8001=officer'),
      orgClaim: 'nhsid_nrbac_roles.org_code',
      orgMap: null,
    };
    expect(mapIdentity(cis2Claims, mapping)).toMatchObject({ ok: true, role: 'officer', orgCode: 'RYJ' });
  });

  it('takes a role name as itself when no map is given', () => {
    const plain = { ...entra, roleMap: null };
    expect(mapIdentity({ sub: 's', roles: 'housing' }, plain)).toMatchObject({ ok: true, role: 'housing' });
  });

  it('refuses with a reason: no claim, no known value, more than one role, no single organisation', () => {
    const refused = (claims: Record<string, unknown>, mapping = entra) => {
      const r = mapIdentity(claims, mapping);
      return r.ok ? 'let in' : r.reason;
    };
    expect(refused({ sub: 's' })).toMatch(/carries no "roles" claim/);
    expect(refused({ sub: 's', roles: ['Payroll'] })).toMatch(/\("Payroll"\) are not roles this service knows/);
    expect(refused({ sub: 's', roles: ['Estates.Board', 'Estates.Officer'] })).toMatch(
      /more than one role here \(board, officer\)/,
    );
    const withOrg = { ...entra, orgClaim: 'org', orgMap: orgMapFrom('gla=GLA, nhsps=NHSPS') };
    expect(refused({ sub: 's', roles: ['Estates.Board'], org: 'unknown' }, withOrg)).toMatch(
      /names no organisation this service knows in its "org" claim \(it says "unknown"\)/,
    );
    expect(refused({ sub: 's', roles: ['Estates.Board'], org: ['gla', 'nhsps'] }, withOrg)).toMatch(
      /more than one organisation \(GLA, NHSPS\)/,
    );
    expect(mapIdentity({ sub: 's', roles: ['Estates.Board'], org: 'nhsps' }, withOrg)).toMatchObject({
      orgCode: 'NHSPS',
    });
  });

  it('refuses a map that names a role or organisation code we do not have', () => {
    expect(() => roleMapFrom('Estates.Owner=owner')).toThrow(/"owner", which is not one of/);
    expect(() => roleMapFrom('no-equals-sign')).toThrow(/is not value=target/);
    expect(() => orgMapFrom('gla=not a code')).toThrow(/not an organisation code/);
    expect(orgMapFrom('gla=gla')?.get('gla')).toBe('GLA');
    expect(roleMapFrom('a=b=officer')?.get('a=b')).toBe('officer');
  });

  it('makes a user name from preferred_username, email or sub, in the characters names allow', () => {
    expect(userNameFrom({ preferred_username: 'Jane Smith (GLA)' })).toBe('Jane-Smith-GLA-');
    expect(userNameFrom({ email: 'jane.smith@nhs.net' })).toBe('jane.smith@nhs.net');
    expect(userNameFrom({ sub: 'x' })).toBe('oidc-x');
    expect(userNameFrom({ preferred_username: 'a'.repeat(100) })).toHaveLength(64);
  });
});
