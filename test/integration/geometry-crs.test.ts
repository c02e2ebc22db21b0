import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryToBng } from '../../geo/transform.js';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, runCli } from '../support/cli.js';
import { readGlaBoroughs } from '../support/shipped-data.js';

/**
 * One CRS rule for every geometry input (issue 19): the GLA's boundaries in British National Grid,
 * as its shapefiles are, used to stop `boundaries load` and `areas load` with a bare PROJ error
 * ("transform: Invalid coordinate") because both read every file as lon/lat.
 */
let t: TestDatabase;
let env: Record<string, string>;
let dir: string;
const BOROUGHS = ['E09000001', 'E09000033']; // City of London, Westminster
const BNG_CRS = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };

/** Two boroughs from the shipped GLA file (CRS84), converted to grid metres as ogr2ogr would write them. */
async function glaInBng(options: { crsMember: boolean; asAreas?: boolean }): Promise<string> {
  const gla = await readGlaBoroughs();
  const features = gla.features
    .filter((f) => BOROUGHS.includes(f.properties.GSS_CODE))
    .map((f) => ({
      type: 'Feature',
      properties: options.asAreas
        ? { MSOA11CD: f.properties.GSS_CODE, USUALRES: 1000 }
        : { GSS_CODE: f.properties.GSS_CODE, NAME: f.properties.NAME },
      geometry: geometryToBng(f.geometry),
    }));
  const file = path.join(
    dir,
    `gla-bng-${options.crsMember ? 'declared' : 'undeclared'}${options.asAreas ? '-areas' : ''}.geojson`,
  );
  await writeFile(
    file,
    JSON.stringify({ type: 'FeatureCollection', ...(options.crsMember ? { crs: BNG_CRS } : {}), features }),
  );
  return file;
}

const boroughAreasHa = async (): Promise<Record<string, number>> => {
  const rows = await sql<{ gss_code: string; ha: number }>`
    SELECT gss_code, ST_Area(geom) / 10000 AS ha FROM boroughs WHERE gss_code = ANY(${BOROUGHS}::text[]) ORDER BY gss_code`.execute(
    t.db,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.gss_code, Number(r.ha)]));
};

beforeAll(async () => {
  ({ t, env } = await openTestEstate());
  dir = await mkdtemp(path.join(tmpdir(), 'estates-crs-'));
});

afterAll(() => closeTestEstate(t));

describe('one CRS rule for boundaries load and areas load', () => {
  it('loads borough boundaries in British National Grid, detected when undeclared and said so, to the same polygons as lon/lat', async () => {
    const before = await boroughAreasHa(); // the shipped simplified boroughs, loaded by migrate (CRS84)
    const undeclared = await runCli(['boundaries', 'load', await glaInBng({ crsMember: false }), '--json'], env);
    expect(undeclared.code, undeclared.stderr).toBe(0);
    expect(JSON.parse(undeclared.stdout)).toEqual({
      file: 'gla-bng-undeclared.geojson',
      loaded: 2,
      readAs: { format: 'geojson', crs: 'EPSG:27700', crsFrom: 'detected' },
    });
    const after = await boroughAreasHa();
    // full-resolution GLA polygons against the shipped simplified ones: the same places, to within 1%
    for (const code of BOROUGHS) expect(Math.abs((after[code] ?? 0) / (before[code] ?? 1) - 1)).toBeLessThan(0.01);
    // and each is the land area the GLA's file states (HECTARES less NONLD_AREA, the Thames), within 0.5%
    const gla = await readGlaBoroughs();
    for (const code of BOROUGHS) {
      const props = gla.features.find((f) => f.properties.GSS_CODE === code)?.properties as unknown as Record<
        string,
        number
      >;
      const landHa = (props.HECTARES ?? 0) - (props.NONLD_AREA ?? 0);
      expect(Math.abs((after[code] ?? 0) / landHa - 1)).toBeLessThan(0.005);
    }

    const declared = await runCli(['boundaries', 'load', await glaInBng({ crsMember: true })], env);
    expect(declared.code, declared.stderr).toBe(0);
    expect(declared.stdout.trim()).toBe(
      "gla-bng-declared.geojson: loaded 2 borough boundaries (GeoJSON in EPSG:27700, as the file's crs member says)",
    );
  });

  it('loads population areas in British National Grid', async () => {
    const result = await runCli(['areas', 'load', await glaInBng({ crsMember: false, asAreas: true }), '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      loaded: 2,
      readAs: { crs: 'EPSG:27700', crsFrom: 'detected' },
    });
    const inside = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM population_areas a JOIN boroughs b ON ST_Contains(b.geom, a.centroid) AND b.gss_code = a.code`.execute(
      t.db,
    );
    expect(inside.rows[0]?.n).toBe(2);
  });

  it('refuses metres in a file that says it is lon/lat, and coordinates that are neither, naming both choices, never a PROJ error', async () => {
    const gla = JSON.parse(await readFile(await glaInBng({ crsMember: false }), 'utf8'));
    const saysDegrees = path.join(dir, 'says-degrees.geojson');
    await writeFile(
      saysDegrees,
      JSON.stringify({ ...gla, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } }),
    );
    const wrong = await runCli(['boundaries', 'load', saysDegrees], env);
    expect(wrong.code).toBe(2); // bad input
    expect(wrong.stderr).toMatch(
      /feature 1 has position \[\d+(\.\d+)?, \d+(\.\d+)?\], which is not longitude\/latitude although the file is read as EPSG:4326 \(its crs member\): they look like British National Grid metres, so say EPSG:27700/,
    );
    expect(wrong.stderr).not.toMatch(/transform|PROJ/i);

    const neither = path.join(dir, 'neither.geojson');
    const square = [
      [
        [2_000_000, 10],
        [2_000_100, 10],
        [2_000_100, 110],
        [2_000_000, 10],
      ],
    ];
    await writeFile(
      neither,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { MSOA11CD: 'X', USUALRES: 1 },
            geometry: { type: 'Polygon', coordinates: square },
          },
        ],
      }),
    );
    const refused = await runCli(['areas', 'load', neither], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'neither longitude/latitude nor all British National Grid metres; add a "crs" member or say which it is (--crs EPSG:27700 or --crs EPSG:4326)',
    );
    expect(refused.stderr).not.toMatch(/transform|PROJ/i);
  });
});
