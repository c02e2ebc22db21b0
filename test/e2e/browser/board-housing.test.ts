import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SCRIPT_NAME, seededBrowserSuite } from './seed.js';
import { signIn } from './support.js';

const suite = seededBrowserSuite();
const { userPage } = suite;

describe('the Board in the browser', () => {
  it('opens the ranked list, expands a site’s reasons, opens its page and approves its case', async () => {
    const board = await userPage();
    const { page } = board;
    await signIn(suite.h, board, 'board');
    // The Board starts on the ranked list; its navigation has no Upload.
    await page.getByRole('heading', { name: 'Ranked disposal list' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Ranked list',
      'Map',
      'Cases',
      'Released land',
      'Dashboard',
      'Board agenda',
      'What if',
      'Outcomes',
      'Assumptions',
    ]);
    const first = suite.estate.sites[0]!;
    const row = page.locator(`tr[data-site-id="${first.siteId}"]`);
    await expect.poll(() => row.locator('td').first().textContent()).toBe('1');
    expect(await row.textContent()).toContain('£1.5m');

    await row.getByRole('button', { name: 'Reasons' }).click();
    const reasons = page.locator(`#reasons-${first.siteId}`);
    expect(await reasons.isVisible()).toBe(true);
    expect(await reasons.locator('li').allTextContents()).toEqual([
      'Surplus score 88 of 100',
      'Condition: rebuild',
      '34% of the floor area unoccupied',
    ]);
    expect(await row.getByRole('button', { name: 'Hide reasons' }).getAttribute('aria-expanded')).toBe('true');
    await board.screenshot('ranked-list');

    await row.getByRole('link', { name: first.name }).click();
    await page.getByRole('heading', { level: 1, name: first.name }).waitFor();
    const body = await page.locator('main').textContent();
    // UK formats and where each figure came from.
    expect(body).toContain('0.42 ha');
    expect(body).toContain('14/03/2024');
    expect(body).toContain('Assumption set valuation-v1');
    expect(body).toContain('From the NHS Property Services register');
    expect(body).toContain('Score run');
    expect(body).toContain('Unoccupied floor area');
    await board.screenshot('site-page');

    await page.getByRole('link', { name: `Case ${suite.estate.reviewCaseId}` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Case ${suite.estate.reviewCaseId}:`) }).waitFor();
    expect(await page.getByTestId('case-stage').textContent()).toBe('board review');
    const approve = page.locator('form[data-step="approved_for_disposal"]');
    await approve.getByLabel('Reason (goes on the record)').fill('Surplus confirmed; approve for disposal');
    await approve.getByLabel(/Board meeting/).fill('LEB-2025-06');
    await board.screenshot('case-page-board-review');
    await approve.getByRole('button', { name: 'Board decision: approve' }).click();
    await expect.poll(() => page.getByTestId('case-stage').textContent()).toBe('approved for disposal');
    expect(await page.locator('.timeline li').first().textContent()).toContain('board review → approved for disposal');
    expect(await page.locator('.timeline').textContent()).toContain('Meeting LEB-2025-06');
    await board.screenshot('case-page-approved');

    const stored = await suite.t.db
      .selectFrom('cases')
      .select(['stage'])
      .where('id', '=', suite.estate.reviewCaseId)
      .executeTakeFirstOrThrow();
    expect(stored.stage).toBe('approved_for_disposal');
    const meeting = await suite.t.db
      .selectFrom('board_meetings')
      .select('id')
      .where('id', '=', 'LEB-2025-06')
      .executeTakeFirst();
    expect(meeting?.id).toBe('LEB-2025-06');
    expect(board.problems).toEqual([]);
  });

  it('renders a site named <script>alert(1)</script> as text, in the list and on its page', async () => {
    const board = await userPage();
    const { page } = board;
    await signIn(suite.h, board, 'board', '/ranked');
    const scripted = suite.estate.sites[2]!;
    const link = page.locator(`tr[data-site-id="${scripted.siteId}"] a`).first();
    expect(await link.textContent()).toBe(SCRIPT_NAME);
    await link.click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: SCRIPT_NAME }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(SCRIPT_NAME);
    expect(await page.locator('main script').count()).toBe(0);
    await board.screenshot('site-page-script-name');
    expect(board.dialogs).toEqual([]);
    expect(board.problems).toEqual([]);
  });

  it('shows the map, the cases and the dashboard with its charts, at desktop and tablet widths', async () => {
    const officer = await userPage();
    const { page } = officer;
    await signIn(suite.h, officer, 'officer', '/map');
    await page.getByRole('heading', { name: 'Map of the estate' }).waitFor();
    await page.locator('path.site-marker').first().waitFor();
    expect(await page.locator('path.site-marker').count()).toBe(10);
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    await officer.screenshot('map');

    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { name: 'Disposal cases' }).waitFor();
    expect(await page.locator('main tbody tr').count()).toBe(3);
    await officer.screenshot('cases');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Pipeline dashboard' }).waitFor();
    const charts = page.locator('figure.chart svg[role="img"]');
    await charts.first().waitFor();
    expect(await charts.count()).toBe(4);
    expect(await page.locator('figure.chart title').allTextContents()).toEqual(
      expect.arrayContaining([
        'Cases per stage',
        'Sites by condition class in each borough',
        'Sites by surplus score (0–100)',
      ]),
    );
    expect(await page.locator('main').textContent()).toContain('5–10 yr baseline');
    expect(await page.locator('figure.chart title').allTextContents()).toContain(
      'Chance of completing, by years from identification to sale',
    );
    // The spread, not a single figure: P10–P90 years and the share within five years with its interval.
    const spread = await page.getByTestId('forecast-spread').textContent();
    expect(spread).toMatch(/P10 [\d.]+, P50 [\d.]+, P90 [\d.]+ years/);
    expect(spread).toMatch(/Within five years of identification: \d+% \(90% of draws \d+%–\d+%\)/);
    // Every figure behind it, with its flag and source, one click away.
    await page.getByText(/Where the figures come from/).click();
    const appeal = page.getByRole('row').filter({ hasText: 'planning.appeal_allowed' });
    expect(await appeal.textContent()).toContain('Planning Inspectorate');
    expect(await appeal.locator('.badge').textContent()).toBe('sourced');
    // These cases were opened today: there is nothing yet to score the forecast against.
    expect(await page.getByTestId('calibration').textContent()).toContain('No history to score yet');
    await officer.screenshot('dashboard');

    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('link', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'Upload', exact: true }).waitFor();
    await officer.screenshot('upload-tablet');
    expect(officer.problems).toEqual([]);
  });
});

describe('a housing user in the browser', () => {
  it('searches land near a point clicked on the map and downloads GeoJSON that parses', async () => {
    const housing = await userPage();
    const { page } = housing;
    await signIn(suite.h, housing, 'housing');
    await page.getByRole('heading', { name: 'Released land' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
      'Cases',
      'Released land',
    ]);
    const [near, far] = suite.estate.pipelineSiteIds;
    await page.locator(`path.site-${near}`).waitFor();
    // Both seeded pipeline sites, and the case the Board approved above, if it ran first.
    const listed = await page
      .locator('table.land tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-site-id'))));
    expect(listed).toEqual(expect.arrayContaining([near, far]));

    await page.getByLabel('Within (metres)').fill('500');
    await page.locator(`path.site-${near}`).click();
    await expect
      .poll(() => page.getByLabel('Near (longitude, latitude)').inputValue())
      .toMatch(/^-?\d+\.\d{6},\d+\.\d{6}$/);
    await expect.poll(() => page.locator('table.land tbody tr').count()).toBe(1);
    expect(await page.locator('table.land tbody tr').getAttribute('data-site-id')).toBe(String(near));
    expect(await page.locator('table.land caption').textContent()).toMatch(/^1 site within 500 m of /);
    await housing.screenshot('land-search');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'GeoJSON (WGS84)' }).click();
    const file = await (await download).path();
    const collection = JSON.parse(await readFile(file, 'utf8')) as {
      type: string;
      features: Array<{ id: number; geometry: { type: string; coordinates: number[] } }>;
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f) => f.id)).toEqual([near]);
    expect(collection.features.map((f) => f.id)).not.toContain(far);
    expect(collection.features[0]!.geometry.type).toBe('Point');

    // Housing never sees a valuation on a site page.
    await page.locator('table.land tbody a').first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Valuation');
    expect(housing.problems).toEqual([]);
  });
});

describe('an administrator in the browser', () => {
  it("reads the access log: the Board's reads of the ranked list and a site's valuation, by whom and which sites", async () => {
    // A read of its own, so the log has something in it whichever test ran first.
    const siteId = suite.estate.sites[0]!.siteId;
    const read = await fetch(`${suite.h.server.url}/api/sites/${siteId}`, {
      headers: { authorization: `Bearer ${suite.h.accounts.board.token}` },
    });
    expect(read.status).toBe(200);
    const admin = await userPage();
    const { page } = admin;
    await signIn(suite.h, admin, 'admin', '/access-log');
    await page.getByRole('heading', { name: 'Access log' }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    const boardRead = texts.find(
      (row) => row.includes(suite.h.accounts.board.name) && row.includes(`/api/sites/${siteId}`),
    );
    expect(boardRead).toBeDefined();
    expect(boardRead).toContain('valuation');
    expect(boardRead).toContain(String(siteId));
    // Filtered to one user: only their reads are left.
    await page.getByLabel('User').fill(suite.h.accounts.officer.name);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(async () => (await rows.allTextContents()).some((row) => row.includes(suite.h.accounts.board.name)))
      .toBe(false);
    await admin.screenshot('access-log');
    expect(admin.problems).toEqual([]);
  });
});
