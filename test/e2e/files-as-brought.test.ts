import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE_PROPERTIES } from '../../src/ingest/boundaries.js';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, REPO, runCli } from '../support/cli.js';

/** Real files as users bring them, through the real CLI and workers (issue 19). */
const fixture = (name: string): string => path.join(REPO, 'test/fixtures/ingest', name);

let t: TestDatabase;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  ({ t, env } = await openTestEstate());
  dir = await mkdtemp(path.join(tmpdir(), 'estates-files-'));
});

afterAll(() => closeTestEstate(t));

const ingestJson = async (file: string, args: string[]) => {
  const result = await runCli(['ingest', file, ...args, '--wait', '--json'], env);
  return { code: result.code, stderr: result.stderr, upload: JSON.parse(result.stdout) as Record<string, unknown> };
};

describe('files as users bring them', () => {
  it("reads the NHS website's ¬-separated Latin-1 hospital list, says how, and names its real columns when it is not a register", async () => {
    const { upload } = await ingestJson(fixture('nhs-website-hospitals.csv'), ['--source', 'nhsps']);
    expect(upload).toMatchObject({
      status: 'failed',
      read: 0,
      readAs: { format: 'csv', encoding: 'windows-1252', separator: '¬' },
    });
    expect(upload.error).toMatch(
      /no "Property Reference" column \(required\); columns found: "OrganisationID", "OrganisationCode",/,
    );
    const shown = await runCli(['uploads', 'show', String(upload.uploadId)], env);
    expect(shown.stdout).toContain('read as   delimited text, Windows-1252 (Latin-1), separated by not signs (¬)');
  });

  it('reads an undeclared British National Grid boundary upload by the same CRS rule as the loaders, and says it detected it', async () => {
    const { upload } = await ingestJson(fixture('boundaries-bng-undeclared.geojson'), ['--source', 'boundaries']);
    expect(upload).toMatchObject({
      status: 'done',
      readAs: { format: 'geojson', crs: 'EPSG:27700', crsFrom: 'detected' },
    });
    expect(Number(upload.accepted) + Number(upload.rejected)).toBe(upload.read);
  });

  it('takes the same file with a new option as a new upload, so a refusal that names the option can be retried with it', async () => {
    const file = path.join(dir, 'outlines.geojson');
    const ring = [
      [529100, 186900],
      [529160, 186900],
      [529160, 186960],
      [529100, 186960],
      [529100, 186900],
    ];
    await writeFile(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { UPRN_SITE: 'NHSPS-0001' },
            geometry: { type: 'Polygon', coordinates: [ring] },
          },
        ],
      }),
    );
    const first = await ingestJson(file, ['--source', 'boundaries']);
    expect(first.upload).toMatchObject({ status: 'failed', options: {} });
    expect(first.upload.error).toBe(
      `no feature has a site reference property (tried ${DEFAULT_REFERENCE_PROPERTIES.map((n) => `"${n}"`).join(', ')}); properties found: "UPRN_SITE". Upload the same file again with --reference-property NAME (referenceProperty), naming the property that holds the site reference: with a new option it is a new upload, not this one again`,
    );
    const again = await ingestJson(file, ['--source', 'boundaries']);
    expect(again.upload.uploadId).toBe(first.upload.uploadId); // same bytes, same options: the same upload

    const retried = await ingestJson(file, ['--source', 'boundaries', '--reference-property', 'UPRN_SITE']);
    expect(retried.upload.uploadId).not.toBe(first.upload.uploadId);
    expect(retried.upload).toMatchObject({
      status: 'done',
      read: 1,
      accepted: 1,
      rejected: 0,
      options: { referenceProperty: 'UPRN_SITE' },
    });

    const wrongSource = await runCli(['ingest', file, '--source', 'nhsps', '--reference-property', 'UPRN_SITE'], env);
    expect(wrongSource.code).toBe(2);
    expect(wrongSource.stderr).toContain('the option referenceProperty applies to boundaries uploads only, not nhsps');
  });

  it('judges a register against the year of its upload through the workers: next year and 2099 are future years', async () => {
    const thisYear = new Date().getUTCFullYear(); // the upload is made now: its row's created_at is the clock's
    const file = path.join(dir, 'years.csv');
    await writeFile(
      file,
      [
        'Property Reference,Easting,Northing,GIA (m2),Site Area (ha),Year Built',
        `Y-1,529110,186912,1850,0.42,${thisYear}`,
        `Y-2,529110,186912,1850,0.42,${thisYear + 1}`,
        'Y-3,529110,186912,1850,0.42,2099',
        'Y-4,529110,186912,250000,0.5,1972',
      ].join('\n'),
    );
    const { upload } = await ingestJson(file, ['--source', 'nhsps']);
    expect(upload).toMatchObject({
      status: 'done',
      read: 4,
      accepted: 1,
      rejected: 3,
      rejectedByCode: { future_year: 2, floor_area_above_land: 1 },
    });
  });
});
