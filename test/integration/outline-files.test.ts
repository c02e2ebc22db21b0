import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outlineFileKind } from '../../workers/outline-file.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ingestInProcess } from '../support/steps.js';
import { seedEstate } from './api/harness.js';

const run = promisify(execFile);
let t: TestDatabase;
let dir: string;

/** Outlines for two seeded sites, in British National Grid, as GeoJSON that GDAL writes out as other formats. */
const GEOJSON = {
  type: 'FeatureCollection',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
  features: [
    {
      type: 'Feature',
      properties: { site_reference: 'NHSPS-R1' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [531600, 183200],
            [531720, 183200],
            [531720, 183300],
            [531600, 183300],
            [531600, 183200],
          ],
        ],
      },
    },
    {
      type: 'Feature',
      properties: { site_reference: 'NHSPS-P1' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [530200, 183100],
            [530270, 183100],
            [530270, 183170],
            [530200, 183170],
            [530200, 183100],
          ],
        ],
      },
    },
  ],
};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedEstate(t);
  dir = await mkdtemp(path.join(tmpdir(), 'outline-files-'));
  await writeFile(path.join(dir, 'outlines.geojson'), JSON.stringify(GEOJSON));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t?.drop();
});

const areas = async () =>
  (
    await sql<{ source_ref: string; ha: string | null }>`
      SELECT source_ref, outline_area_ha AS ha FROM sites WHERE source_ref IN ('NHSPS-R1', 'NHSPS-P1') ORDER BY source_ref`.execute(
      t.db,
    )
  ).rows.map((r) => [r.source_ref, r.ha === null ? null : Number(r.ha)]);

describe('site outlines from GeoPackage and zipped Shapefile, read through GDAL', () => {
  it('ingests a GeoPackage written by ogr2ogr, its CRS taken from the file', async () => {
    const gpkg = path.join(dir, 'outlines.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', gpkg, path.join(dir, 'outlines.geojson')]);
    const bytes = await readFile(gpkg);
    expect(outlineFileKind(bytes)).toBe('geopackage');
    expect(await ingestInProcess(t, 'boundaries', 'outlines.gpkg', bytes)).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await areas()).toEqual([
      ['NHSPS-P1', 0.49],
      ['NHSPS-R1', 1.2],
    ]);
  });

  it('ingests a zipped Shapefile (its .prj says British National Grid)', async () => {
    await sql`UPDATE sites SET boundary = NULL`.execute(t.db);
    await sql`DELETE FROM site_boundaries`.execute(t.db);
    // .shz: GDAL's own zipped Shapefile (.shp, .shx, .dbf, .prj in one zip)
    const zip = path.join(dir, 'outlines.shz');
    await run('ogr2ogr', ['-f', 'ESRI Shapefile', zip, path.join(dir, 'outlines.geojson')]);
    const bytes = await readFile(zip);
    expect(outlineFileKind(bytes)).toBe('zipped-shapefile');
    expect(await ingestInProcess(t, 'boundaries', 'outlines.zip', bytes)).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await areas()).toEqual([
      ['NHSPS-P1', 0.49],
      ['NHSPS-R1', 1.2],
    ]);
  });

  it('fails a broken zip, saying GDAL could not read it, and keeps the outlines it had', async () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not really a zip')]);
    expect(outlineFileKind(broken)).toBe('zipped-shapefile');
    const outcome = await ingestInProcess(t, 'boundaries', 'broken.zip', broken);
    expect(outcome).toMatchObject({ accepted: 0 });
    const upload = await sql<{ status: string; error: string | null }>`
      SELECT status, error FROM uploads WHERE filename = 'broken.zip'`.execute(t.db);
    expect(upload.rows[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/GDAL (could not read|found no layer)|holds no layer/),
    });
    expect((await areas()).map(([, ha]) => ha)).toEqual([0.49, 1.2]);
  });

  it('refuses an outline whose area is far from the register’s, keeping the outline the site had', async () => {
    const wrong = {
      ...GEOJSON,
      features: [
        {
          type: 'Feature',
          properties: { site_reference: 'NHSPS-R1' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [531600, 183200],
                [531900, 183200],
                [531900, 183300],
                [531600, 183300],
                [531600, 183200],
              ],
            ],
          },
        },
      ],
    };
    const outcome = await ingestInProcess(
      t,
      'boundaries',
      'wrong.geojson',
      new TextEncoder().encode(JSON.stringify(wrong)),
    );
    expect(outcome).toMatchObject({ accepted: 0, rejected: 1 });
    const rejection = await sql<{ problems: Array<{ code: string; message: string }> }>`
      SELECT r.problems FROM upload_rejections r JOIN uploads u ON u.id = r.upload_id WHERE u.filename = 'wrong.geojson'`.execute(
      t.db,
    );
    expect(rejection.rows[0]?.problems[0]).toMatchObject({
      code: 'outline_area_mismatch',
      message: expect.stringMatching(/3\.00 ha .* 1\.23 ha/),
    });
    expect((await areas()).map(([, ha]) => ha)).toEqual([0.49, 1.2]);
  });
});
