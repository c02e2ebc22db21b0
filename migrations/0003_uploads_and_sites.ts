import { sql, type Kysely } from 'kysely';

// The system of record for what officers gave us: raw bytes, every accepted record, every
// rejected row with its reasons, and which upload set what.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE uploads (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      source text NOT NULL CHECK (source IN ('nhsps', 'chp', 'eric', 'survey', 'boundaries')),
      filename text NOT NULL,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes integer NOT NULL,
      raw bytea NOT NULL,
      options jsonb NOT NULL DEFAULT '{}',
      uploaded_by text NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'ingesting', 'ingested', 'failed')),
      rows_read integer NOT NULL DEFAULT 0,
      rows_accepted integer NOT NULL DEFAULT 0,
      rows_rejected integer NOT NULL DEFAULT 0,
      -- ingest resumes after the last committed row: a crash redoes at most one batch
      rows_committed integer NOT NULL DEFAULT 0,
      estate_version integer,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      UNIQUE (source, sha256)
    );

    CREATE TABLE upload_rejections (
      upload_id integer NOT NULL REFERENCES uploads (id),
      row_number integer NOT NULL,
      raw jsonb NOT NULL,
      problems jsonb NOT NULL,
      PRIMARY KEY (upload_id, row_number)
    );

    CREATE TABLE sites (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      source text NOT NULL CHECK (source IN ('nhsps', 'chp', 'eric')),
      source_ref text NOT NULL,
      name text,
      address text,
      postcode text,
      borough_gss text REFERENCES boroughs (gss_code),
      sub_region text,
      placed_by text NOT NULL,
      tenure text CHECK (tenure IN ('freehold', 'leasehold')),
      site_area_ha numeric,
      gia_m2 numeric,
      geom geometry(Point, 27700) NOT NULL,
      boundary geometry(MultiPolygon, 27700),
      record jsonb NOT NULL,
      record_sha256 text NOT NULL,
      data_version integer NOT NULL DEFAULT 1,
      first_upload_id integer NOT NULL REFERENCES uploads (id),
      last_upload_id integer NOT NULL REFERENCES uploads (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source, source_ref)
    );
    CREATE INDEX sites_geom_idx ON sites USING gist (geom);
    CREATE INDEX sites_boundary_idx ON sites USING gist (boundary);
    CREATE INDEX sites_borough_idx ON sites (borough_gss);
    CREATE INDEX sites_source_ref_idx ON sites (source_ref);

    -- What each upload set: one row per site per upload that changed it.
    CREATE TABLE site_history (
      site_id integer NOT NULL REFERENCES sites (id),
      upload_id integer NOT NULL REFERENCES uploads (id),
      data_version integer NOT NULL,
      record jsonb NOT NULL,
      PRIMARY KEY (site_id, data_version)
    );

    CREATE TABLE survey_blocks (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      site_ref text NOT NULL,
      block text NOT NULL,
      survey_date date NOT NULL,
      record jsonb NOT NULL,
      upload_id integer NOT NULL REFERENCES uploads (id),
      UNIQUE (site_ref, block, survey_date)
    );

    CREATE TABLE site_boundaries (
      site_ref text PRIMARY KEY,
      geom geometry(MultiPolygon, 27700) NOT NULL,
      upload_id integer NOT NULL REFERENCES uploads (id)
    );

    -- ERIC's AGGRE rows: estate not reported by site; not sites, kept for totals.
    CREATE TABLE eric_trust_aggregates (
      upload_id integer NOT NULL REFERENCES uploads (id),
      trust_code text NOT NULL,
      record jsonb NOT NULL,
      PRIMARY KEY (upload_id, trust_code)
    );

    -- One counter for "the estate changed": every step's deterministic job id carries it.
    CREATE TABLE estate_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version integer NOT NULL DEFAULT 0
    );
    INSERT INTO estate_state DEFAULT VALUES;
  `.execute(db);
}
