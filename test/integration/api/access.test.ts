import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../../../src/api/access.js';
import { DECISION_STAGE } from '../../../src/domain/case-events.js';
import { ROLES } from '../../../src/domain/roles.js';
import { seedEstate, startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let siteId: number;
beforeAll(async () => {
  h = await startApiHarness();
  siteId = (await seedEstate(h.t)).released.siteId;
});
afterAll(async () => h?.close());

/** A concrete URL for a route pattern: ids of things the seed made. */
const concrete = (url: string): string =>
  url
    .replace(':collectionId', 'released-land')
    .replace(':collection', 'released-land')
    .replace(':z/:x/:y', '14/8186/5447')
    .replace(':featureId', String(siteId))
    .replace(':id', String(siteId));

describe('the role matrix', () => {
  it('lists every registered route, with the access the route declared', () => {
    const registered = h.app.registeredRoutes.filter((r) => r.method !== 'HEAD');
    const table = ACCESS as Record<string, unknown>;
    const unlisted = registered.filter((r) => !(`${r.method} ${r.url}` in table)).map((r) => `${r.method} ${r.url}`);
    expect(unlisted).toEqual([]);
    for (const r of registered) expect(r.access, `${r.method} ${r.url}`).toEqual(table[`${r.method} ${r.url}`]);
    // and nothing in the table is left unserved
    expect(Object.keys(ACCESS).sort()).toEqual(registered.map((r) => `${r.method} ${r.url}`).sort());
  });

  it('answers every route × every role (and no credentials) as the table says', async () => {
    const failures: string[] = [];
    for (const route of h.app.registeredRoutes.filter((r) => r.method !== 'HEAD')) {
      const url = concrete(route.url);
      const method = route.method as 'GET' | 'POST' | 'DELETE';
      // Bodies are deliberately invalid for write routes: an allowed role must get past access
      // control (so anything but 401/403), without creating anything.
      const payload = method === 'POST' ? { unexpected: true } : undefined;
      const anonymous = await h.app.inject({ method, url, payload });
      const anonymousExpected = route.access === 'public' ? 'allowed' : 401;
      if (anonymousExpected === 401 && anonymous.statusCode !== 401)
        failures.push(`${method} ${url} without credentials: ${anonymous.statusCode}, expected 401`);
      if (anonymousExpected === 'allowed' && [401, 403].includes(anonymous.statusCode))
        failures.push(`${method} ${url} is public but said ${anonymous.statusCode}`);
      for (const role of ROLES) {
        const res = await h.app.inject({ method, url, payload, headers: h.bearer(role) });
        const allowed = route.access === 'public' || route.access.includes(role);
        if (res.statusCode >= 500) failures.push(`${method} ${url} as ${role}: ${res.statusCode}`);
        if (allowed && [401, 403].includes(res.statusCode))
          failures.push(`${method} ${url} as ${role}: ${res.statusCode}, expected access`);
        if (!allowed && res.statusCode !== 403)
          failures.push(`${method} ${url} as ${role}: ${res.statusCode}, expected 403`);
        if (!allowed) expect(res.json()).toMatchObject({ error: 'forbidden' });
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps valuations and assumption figures from housing, and users to admin', () => {
    expect(ACCESS['GET /api/ranked']).not.toContain('housing');
    expect(ACCESS['GET /api/portfolio']).not.toContain('housing');
    expect(ACCESS['POST /api/users']).toEqual(['admin']);
    expect(ACCESS['POST /api/uploads']).toContain('officer');
  });

  it('serves the role table and the workflow rules the web UI draws from, signed in or not', async () => {
    const res = await h.app.inject({ url: '/api/ui-config' });
    expect(res.statusCode).toBe(200);
    const config = res.json();
    expect(config.access).toEqual({ roles: [...ROLES], routes: ACCESS });
    expect(config.workflow.decisionStages).toEqual(DECISION_STAGE);
    const meetingId = new RegExp(config.workflow.meetingIdPattern, 'v');
    expect(['LEB-2025-03', 'LEB_2025.3'].map((id) => meetingId.test(id))).toEqual([true, true]);
    expect(['LEB 2025/03', '-LEB', ''].map((id) => meetingId.test(id))).toEqual([false, false, false]);
  });

  it('refuses a revoked token and an unknown one', async () => {
    const unknown = await h.app.inject({ url: '/api/land', headers: { authorization: 'Bearer est_not-a-real-token' } });
    expect(unknown.statusCode).toBe(401);
    await h.t.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', h.accounts.housing.userId)
      .execute();
    const revoked = await h.app.inject({ url: '/api/land', headers: h.bearer('housing') });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json()).toEqual({ error: 'unauthenticated', message: expect.any(String) });
  });
});
