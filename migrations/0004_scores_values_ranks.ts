import { sql, type Kysely } from 'kysely';

// Every score, valuation and ranking is stored with the model version and assumption set
// that produced it, so the Board can see why a site ranks where it does.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE assumption_sets (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('scoring', 'valuation', 'workflow')),
      effective_from date NOT NULL,
      body jsonb NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE score_runs (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      estate_version integer NOT NULL UNIQUE,
      model_version text NOT NULL,
      sites_scored integer NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE site_scores (
      score_run_id integer NOT NULL REFERENCES score_runs (id),
      site_id integer NOT NULL REFERENCES sites (id),
      site_data_version integer NOT NULL,
      condition_class text NOT NULL,
      condition_score numeric,
      surplus_score numeric NOT NULL,
      condition jsonb NOT NULL,
      surplus jsonb NOT NULL,
      PRIMARY KEY (score_run_id, site_id)
    );

    CREATE TABLE valuations (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      site_id integer NOT NULL REFERENCES sites (id),
      site_data_version integer NOT NULL,
      condition_class text NOT NULL,
      assumption_set_id text NOT NULL,
      model_version text NOT NULL,
      homes integer NOT NULL,
      euv_pence bigint NOT NULL,
      residual_pence bigint NOT NULL,
      market_value_pence bigint NOT NULL,
      net_receipt_pence bigint NOT NULL,
      working jsonb NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (site_id, site_data_version, condition_class, assumption_set_id, model_version)
    );

    CREATE TABLE value_runs (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      estate_version integer NOT NULL UNIQUE,
      assumption_set_id text NOT NULL,
      sites_valued integer NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE rank_runs (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      estate_version integer NOT NULL UNIQUE,
      score_run_id integer NOT NULL REFERENCES score_runs (id),
      model_version text NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE ranked_sites (
      rank_run_id integer NOT NULL REFERENCES rank_runs (id),
      site_id integer NOT NULL REFERENCES sites (id),
      rank integer NOT NULL,
      priority numeric NOT NULL,
      route text NOT NULL,
      reasons jsonb NOT NULL,
      PRIMARY KEY (rank_run_id, site_id),
      UNIQUE (rank_run_id, rank)
    );
  `.execute(db);
}
