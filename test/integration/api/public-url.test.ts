import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concreteUrl, seedEstate, startApiHarness, type ApiHarness } from './harness.js';

/**
 * Links (OGC self/next/collection links, tilesets) start with PUBLIC_URL, never with the Host
 * header a caller sends: a crafted Host must not put another site into what a GIS client follows.
 */
const PUBLIC_URL = 'https://estates.example.nhs.uk/estates';
const SPOOFED = { host: 'evil.example.org', 'x-forwarded-host': 'evil.example.org', 'x-forwarded-proto': 'http' };

let h: ApiHarness;
let bare: ApiHarness;
let siteId: number;
beforeAll(async () => {
  h = await startApiHarness({ PUBLIC_URL: `${PUBLIC_URL}/` });
  siteId = (await seedEstate(h.t)).released.siteId;
  bare = await startApiHarness();
  await seedEstate(bare.t);
});
afterAll(async () => {
  await h?.close();
  await bare?.close();
});

const hrefs = (body: unknown): string[] =>
  JSON.stringify(body)
    .match(/"(?:href|id)":"[^"]*"/g)
    ?.map((m) => m.replace(/^"(?:href|id)":"|"$/g, ''))
    .filter((u) => u.startsWith('http') && !u.startsWith('http://www.opengis.net')) ?? [];

describe('links come from PUBLIC_URL', () => {
  const urls = () => [
    '/ogc',
    '/ogc/collections',
    '/ogc/collections/released-land',
    '/ogc/collections/released-land/queryables',
    '/ogc/collections/released-land/items?limit=1',
    `/ogc/collections/released-land/items/${siteId}`,
    '/tiles/sites',
    '/tiles/released-land',
  ];

  it('every OGC and tileset link starts with PUBLIC_URL whatever Host says', async () => {
    const seen: string[] = [];
    for (const url of urls()) {
      const res = await h.app.inject({ url, headers: { ...h.bearer('board'), ...SPOOFED } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('evil.example.org');
      const links = hrefs(res.json());
      for (const link of links) expect(link, url).toMatch(/^https:\/\/estates\.example\.nhs\.uk\/estates\//);
      seen.push(...links);
    }
    expect(seen).toEqual(
      expect.arrayContaining([
        `${PUBLIC_URL}/ogc`,
        `${PUBLIC_URL}/api/openapi.json`,
        `${PUBLIC_URL}/ogc/collections/released-land/items/${siteId}`,
      ]),
    );
  });

  it('no answer of any GET route echoes the Host header', async () => {
    const echoed: string[] = [];
    for (const route of h.app.registeredRoutes.filter((r) => r.method === 'GET' && !r.url.includes('*'))) {
      const url = concreteUrl(route.url, siteId);
      const res = await h.app.inject({ url, headers: { ...h.bearer('admin'), ...SPOOFED } });
      if (res.body.includes('evil.example.org') || JSON.stringify(res.headers).includes('evil.example.org'))
        echoed.push(url);
    }
    expect(echoed).toEqual([]);
  });

  it('without PUBLIC_URL, links name the address the API serves on, still not Host', async () => {
    const res = await bare.app.inject({ url: '/ogc', headers: { ...bare.bearer('housing'), ...SPOOFED } });
    expect(res.body).not.toContain('evil.example.org');
    const { HOST, PORT } = bare.t.config;
    expect(hrefs(res.json())).toContain(`http://${HOST}:${PORT}/ogc`);
  });
});
