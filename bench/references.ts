import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { seconds } from './lib/uploads.js';

/**
 * The floor: PostgreSQL COPY of the same CSV into a bare table whose point is computed from
 * Easting/Northing as it loads. No validation, no placement, no history, no index.
 */
export async function copyFloor(databaseUrl: string, csvFile: string): Promise<{ seconds: number; rows: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_copy_floor');
    await client.query(`
      CREATE TABLE bench_copy_floor (
        property_reference text, property_name text, address text, postcode text, easting text, northing text,
        local_authority text, tenure text, site_area_ha text, gia_m2 text, primary_use text, occupancy_pct text,
        year_built text, listed_building text, annual_running_cost text,
        geom geometry(Point, 27700) GENERATED ALWAYS AS (
          CASE WHEN easting ~ '^-?[0-9]+(\\.[0-9]+)?$' AND northing ~ '^-?[0-9]+(\\.[0-9]+)?$'
               THEN ST_SetSRID(ST_MakePoint(easting::float8, northing::float8), 27700) END) STORED
      )`);
    const start = process.hrtime.bigint();
    const stream = client.query(
      copyFrom(
        'COPY bench_copy_floor (property_reference, property_name, address, postcode, easting, northing, local_authority, tenure, site_area_ha, gia_m2, primary_use, occupancy_pct, year_built, listed_building, annual_running_cost) FROM STDIN WITH (FORMAT csv, HEADER true)',
      ),
    );
    await pipeline(createReadStream(csvFile), stream);
    const took = seconds(start);
    const rows = Number(
      (await client.query('SELECT count(*) AS n FROM bench_copy_floor WHERE geom IS NOT NULL')).rows[0].n,
    );
    await client.query('DROP TABLE bench_copy_floor');
    return { seconds: took, rows };
  } finally {
    await client.end();
  }
}

export const ogr2ogrAvailable = (): boolean => spawnSync('ogr2ogr', ['--version']).status === 0;

/** GDAL's ogr2ogr loading the same CSV into PostGIS, as a GIS team would without this product. */
export function ogr2ogrLoad(databaseUrl: string, csvFile: string): { seconds: number } | { error: string } {
  const url = new URL(databaseUrl);
  const conn = `PG:host=${url.hostname} port=${url.port || 5432} dbname=${url.pathname.slice(1)} user=${decodeURIComponent(url.username)} password=${decodeURIComponent(url.password)}`;
  const start = process.hrtime.bigint();
  const run = spawnSync(
    'ogr2ogr',
    [
      '-f',
      'PostgreSQL',
      conn,
      csvFile,
      '-nln',
      'bench_ogr2ogr',
      '-overwrite',
      '-lco',
      'GEOMETRY_NAME=geom',
      '-oo',
      'X_POSSIBLE_NAMES=Easting',
      '-oo',
      'Y_POSSIBLE_NAMES=Northing',
      '-a_srs',
      'EPSG:27700',
    ],
    { encoding: 'utf8', env: { ...process.env, PG_USE_COPY: 'YES' } },
  );
  const took = seconds(start);
  if (run.status !== 0)
    return { error: (run.stderr || run.error?.message || 'ogr2ogr failed').trim().split('\n').slice(-3).join(' ') };
  return { seconds: took };
}
