import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { obliterateQueues } from '../../support/queues.js';
import { decodeTile } from '../../support/tiles.js';
import { seedBrowserEstate, type BrowserEstate } from './seed.js';
import { openPage, signIn, startWebHarness, type WebHarness } from './support.js';

let t: TestDatabase;
let h: WebHarness;
let estate: BrowserEstate;

// Five sites make an estate "large" here, so the ten seeded ones are drawn from tiles as a
// national estate would be (the default is 5,000: MAP_TILES_FROM_SITES in src/config.ts).
beforeAll(async () => {
  t = await createTestDatabase({ MAP_TILES_FROM_SITES: '5' });
  [h, estate] = await Promise.all([startWebHarness(t), seedBrowserEstate(t)]);
});
afterAll(async () => {
  await h?.close();
  await obliterateQueues(t.config);
  await t.drop();
});

const TILE = /\/tiles\/sites\/(\d+)\/(\d+)\/(\d+)\.mvt$/;

describe('the map of a large estate', () => {
  it('draws the sites from vector tiles, not one GeoJSON document, and a drawn site opens its page', async () => {
    const officer = await openPage(h);
    const { page } = officer;
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await signIn(h, officer, 'officer', '/map');
    await page.getByRole('heading', { name: 'Map of the estate' }).waitFor();
    await expect.poll(() => page.locator('.lede').textContent()).toMatch(/^10 sites, .*drawn from vector tiles/);

    // And they are painted: the tile canvases hold pixels (borough outlines are SVG, not canvas).
    const painted = async () =>
      page.evaluate(() => {
        const spots: Array<{ x: number; y: number }> = [];
        for (const canvas of document.querySelectorAll<HTMLCanvasElement>('.leaflet-tile-container canvas')) {
          const { width, height } = canvas;
          const data = canvas.getContext('2d')?.getImageData(0, 0, width, height).data;
          const box = canvas.getBoundingClientRect();
          if (!data) continue;
          for (let i = 3; i < data.length; i += 4)
            if (data[i]! > 200) {
              const px = ((i - 3) / 4) % width;
              const py = Math.floor((i - 3) / 4 / width);
              spots.push({ x: box.left + (px * box.width) / width, y: box.top + (py * box.height) / height });
            }
        }
        return spots;
      });
    // The tiles the map asked for hold the seeded sites: read again with the page's session
    // (Playwright gives no body for an intercepted fetch) and decoded by @mapbox/vector-tile.
    await expect.poll(() => requested.filter((p) => TILE.test(p)).length).toBeGreaterThan(0);
    const drawn = new Set<number | undefined>();
    for (const tilePath of new Set(requested.filter((p) => TILE.test(p)))) {
      const bytes = await page.evaluate(
        (url) => fetch(url).then(async (r) => Array.from(new Uint8Array(await r.arrayBuffer()))),
        tilePath,
      );
      const [, z, x, y] = TILE.exec(tilePath)!.map(Number);
      for (const f of decodeTile(Buffer.from(bytes), { z: z!, x: x!, y: y! }).features('sites')) drawn.add(f.id);
    }
    expect(estate.sites.filter((s) => drawn.has(s.siteId)).length).toBeGreaterThanOrEqual(8);
    expect(requested).not.toContain('/api/map/sites');
    expect(await page.locator('path.site-marker').count()).toBe(0);

    await expect.poll(async () => (await painted()).length).toBeGreaterThan(50);
    await officer.screenshot('map-tiles');

    // A painted dot is a site: clicking it offers the site's page.
    const spots = await painted();
    const centre = spots[Math.floor(spots.length / 2)]!;
    await page.mouse.click(centre.x, centre.y);
    const link = page.locator('.leaflet-popup-content a');
    await link.waitFor();
    const href = await link.getAttribute('href');
    const ids = estate.sites.map((s) => `#/sites/${s.siteId}`);
    expect(ids).toContain(href);
    await link.click();
    const site = estate.sites.find((s) => `#/sites/${s.siteId}` === href)!;
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(href);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(site.name);
    expect(officer.problems).toEqual([]);
  });
});
