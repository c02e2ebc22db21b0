import { sql, type Kysely } from 'kysely';

// Reference layers that place and score sites. All geometry is stored in EPSG:27700 (metres).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE boroughs (
      gss_code text PRIMARY KEY CHECK (gss_code ~ '^E09[0-9]{6}$'),
      name text NOT NULL,
      sub_region text NOT NULL,
      inner_london boolean NOT NULL,
      geom geometry(MultiPolygon, 27700) NOT NULL,
      source text NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX boroughs_geom_idx ON boroughs USING gist (geom);

    CREATE TABLE postcodes (
      postcode_key text PRIMARY KEY,
      postcode text NOT NULL,
      geom geometry(Point, 27700) NOT NULL,
      local_authority_code text
    );
    CREATE INDEX postcodes_geom_idx ON postcodes USING gist (geom);

    CREATE TABLE ods_organisations (
      ods_code text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL,
      parent_code text,
      postcode text,
      open_date date,
      close_date date
    );

    CREATE TABLE population_areas (
      code text PRIMARY KEY,
      name text,
      residents integer NOT NULL CHECK (residents >= 0),
      geom geometry(MultiPolygon, 27700) NOT NULL,
      centroid geometry(Point, 27700) NOT NULL
    );
    CREATE INDEX population_areas_centroid_idx ON population_areas USING gist (centroid);

    CREATE TABLE stations (
      code text PRIMARY KEY,
      name text NOT NULL,
      geom geometry(Point, 27700) NOT NULL
    );
    CREATE INDEX stations_geom_idx ON stations USING gist (geom);
  `.execute(db);
}
