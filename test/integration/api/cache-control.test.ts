import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concreteUrl, seedEstate, startApiHarness, type ApiHarness } from './harness.js';

/**
 * Answers to a signed-in caller are never kept by a browser or proxy: `Cache-Control: no-store`
 * on every route that needs a caller (valuations, the ranked list with values, exports among
 * them), unless the route chose its own private policy (vector tiles revalidate by ETag).
 */
let h: ApiHarness;
let siteId: number;
beforeAll(async () => {
  h = await startApiHarness();
  siteId = (await seedEstate(h.t)).released.siteId;
});
afterAll(async () => h?.close());

describe('Cache-Control on confidential answers', () => {
  it('the site page with its valuation, the ranked list and its exports are no-store', async () => {
    for (const url of [
      `/api/sites/${siteId}`,
      '/api/ranked',
      '/api/ranked.csv',
      '/api/ranked.xlsx',
      '/api/portfolio',
    ]) {
      const res = await h.app.inject({ url, headers: h.bearer('board') });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('every GET route that needs a caller answers no-store or private, and errors too', async () => {
    const kept: string[] = [];
    let checked = 0;
    for (const route of h.app.registeredRoutes.filter((r) => r.method === 'GET' && r.access !== 'public')) {
      const role = route.access === 'public' ? 'admin' : route.access[0]!;
      const res = await h.app.inject({ url: concreteUrl(route.url, siteId), headers: h.bearer(role) });
      checked += 1;
      const policy = String(res.headers['cache-control'] ?? '');
      if (policy !== 'no-store' && !policy.startsWith('private'))
        kept.push(`${route.url} ${res.statusCode}: "${policy}"`);
    }
    expect(kept).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it('public static files stay cacheable', async () => {
    const res = await h.app.inject({ url: '/vendor/leaflet/leaflet.js' });
    expect(res.headers['cache-control']).toMatch(/max-age=86400/);
  });
});
