import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Transactional outbox: a step's follow-on job is written with its result, then relayed to Redis.
    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      job_name text NOT NULL,
      job_id text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    );
    CREATE INDEX outbox_undelivered_idx ON outbox (id) WHERE delivered_at IS NULL;

    CREATE TABLE cases (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      site_id integer NOT NULL REFERENCES sites (id),
      stage text NOT NULL,
      -- optimistic concurrency: a transition names the version it saw
      version integer NOT NULL DEFAULT 0,
      opened_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    );
    CREATE UNIQUE INDEX cases_one_open_per_site ON cases (site_id) WHERE closed_at IS NULL;

    CREATE TABLE case_events (
      case_id integer NOT NULL REFERENCES cases (id),
      sequence integer NOT NULL,
      kind text NOT NULL,
      actor text NOT NULL,
      role text NOT NULL,
      occurred_at timestamptz NOT NULL,
      from_stage text,
      to_stage text,
      reason text,
      payload jsonb NOT NULL DEFAULT '{}',
      previous_hash text,
      hash text NOT NULL,
      PRIMARY KEY (case_id, sequence)
    );

    -- The audit trail is append-only whoever connects: updates and deletes are refused.
    CREATE FUNCTION refuse_case_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION refuse_case_event_change();
    CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_case_event_change();

    CREATE TABLE users (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL UNIQUE,
      role text NOT NULL CHECK (role IN ('officer', 'board', 'housing', 'admin')),
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    );

    CREATE TABLE api_tokens (
      token_sha256 text PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id),
      label text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );

    CREATE TABLE sessions (
      session_sha256 text PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
  `.execute(db);
}
