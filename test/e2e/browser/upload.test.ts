import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type RunningWorkers } from '../../../workers/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { obliterateQueues } from '../../support/queues.js';
import { openPage, signIn, startWebHarness, type WebHarness } from './support.js';

let t: TestDatabase;
let h: WebHarness;
let workers: RunningWorkers;

beforeAll(async () => {
  t = await createTestDatabase();
  [h, workers] = await Promise.all([startWebHarness(t), startWorkers(t.config, t.db)]);
});

afterAll(async () => {
  await workers?.stop();
  await h?.close();
  await obliterateQueues(t.config);
  await t.drop();
});

/**
 * A small NHSPS register, hand-written for its bad rows: three good London sites (real BNG
 * points in Camden, Islington and Southwark) and three rows each wrong in one documented way.
 */
const REGISTER = [
  'Property Reference,Property Name,Easting,Northing,Tenure,Site Area (ha),GIA (m2),Occupancy (%)',
  'WEB-001,Kentish Town Clinic,528900,184900,Freehold,0.4,1200,60',
  'WEB-002,Angel Health Centre,531600,183200,Leasehold,0.2,800,90',
  'WEB-003,Borough Surgery,532300,179800,Freehold,0.31,650,40',
  'WEB-004,Degrees Not Metres,-0.12,51.5,Freehold,0.3,500,50',
  'WEB-005,Bad Tenure House,530000,182000,Rented,0.3,500,50',
  'WEB-001,Repeated Reference,530100,182100,Freehold,0.3,500,50',
].join('\n');

describe('an officer uploading in the browser', () => {
  it('sees rows read, accepted and rejected while the upload runs, then every rejection', async () => {
    const officer = await openPage(h);
    const { page } = officer;
    try {
      await signIn(h, officer, 'officer');
      await page.getByRole('heading', { name: 'Upload', exact: true }).waitFor();
      await page.getByLabel('What the file is').selectOption('nhsps');
      await page
        .getByLabel('File', { exact: true })
        .setInputFiles({ name: 'register-with-bad-rows.csv', mimeType: 'text/csv', buffer: Buffer.from(REGISTER) });
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.getByTestId('upload-progress').waitFor();
      await expect
        .poll(() => page.getByTestId('upload-status').textContent(), { timeout: 30_000 })
        .toMatch(/^Status: (done|failed)$/);
      expect(await page.getByTestId('upload-status').textContent()).toBe('Status: done');
      expect(await page.getByTestId('rows-read').textContent()).toBe('6');
      expect(await page.getByTestId('rows-accepted').textContent()).toBe('3');
      expect(await page.getByTestId('rows-rejected').textContent()).toBe('3');

      const table = page.locator('table.rejections');
      await table.waitFor();
      const rows = await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => ({ row: tr.getAttribute('data-row'), code: tr.querySelector('code')?.textContent })),
        );
      const byRow = new Map<string, string[]>();
      for (const r of rows) byRow.set(r.row!, [...(byRow.get(r.row!) ?? []), r.code!]);
      // Rows are numbered as in the file, header = row 1.
      expect([...byRow.keys()].sort()).toEqual(['5', '6', '7']);
      expect(byRow.get('5')).toContain('outside_great_britain');
      expect(byRow.get('6')).toContain('bad_value');
      expect(byRow.get('7')).toContain('duplicate_in_file');
      expect(await table.textContent()).toContain('Degrees Not Metres');
      expect(await page.getByTestId('rejected-by-code').textContent()).toBe(
        'bad_value: 1 · duplicate_in_file: 1 · outside_great_britain: 1',
      );
      expect(await page.getByTestId('rows-sites').count()).toBe(0); // not ERIC: no trust totals to tell apart
      await officer.screenshot('upload-rejections');
      expect(officer.problems).toEqual([]);
    } finally {
      await officer.context.close();
    }
  });

  it('sends a refused boundaries file again with the reference property its refusal names, as a new upload', async () => {
    const ring = [
      [528900, 184900],
      [528960, 184900],
      [528960, 184960],
      [528900, 184960],
      [528900, 184900],
    ];
    const outlines = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { UPRN_SITE: 'WEB-001' }, geometry: { type: 'Polygon', coordinates: [ring] } },
        ],
      }),
    );
    const officer = await openPage(h);
    const { page } = officer;
    const send = async () => {
      await page
        .getByLabel('File', { exact: true })
        .setInputFiles({ name: 'outlines.geojson', mimeType: 'application/geo+json', buffer: outlines });
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await expect
        .poll(() => page.getByTestId('upload-status').textContent(), { timeout: 30_000 })
        .toMatch(/^Status: (done|failed)$/);
    };
    try {
      await signIn(h, officer, 'officer');
      await page.getByRole('heading', { name: 'Upload', exact: true }).waitFor();
      expect(await page.getByTestId('boundary-options').isHidden()).toBe(true);
      await page.getByLabel('What the file is').selectOption('boundaries');
      await send();
      expect(await page.getByTestId('upload-status').textContent()).toBe('Status: failed');
      expect(await page.getByRole('alert').textContent()).toContain(
        'Upload the same file again with --reference-property NAME (referenceProperty)',
      );
      await page.getByLabel('Site reference property').fill('UPRN_SITE');
      await send();
      expect(await page.getByTestId('upload-status').textContent()).toBe('Status: done');
      expect(await page.getByTestId('rows-accepted').textContent()).toBe('1');
      expect(await page.getByTestId('upload-read-as').textContent()).toBe(
        'Read as GeoJSON in EPSG:27700, detected from the coordinates (the file declares none).',
      );
      expect(officer.problems).toEqual([]);
    } finally {
      await officer.context.close();
    }
  });
});
