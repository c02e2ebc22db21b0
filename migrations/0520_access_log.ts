import { sql, type Kysely } from 'kysely';

// Valuations are commercially confidential, so every read of one is on record (issue 20): who,
// for which organisation, when, by which route, and which sites' figures were in the answer. The
// log only grows: a trigger refuses every UPDATE, DELETE and TRUNCATE, whoever asks, and the
// row-level security policies let any signed-in caller append (their own reads) and only admins
// and the system read it back.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE access_log (
      id bigserial PRIMARY KEY,
      read_at timestamptz NOT NULL DEFAULT now(),
      user_name text NOT NULL,
      role text NOT NULL,
      org_code text,
      route text NOT NULL,
      url text NOT NULL,
      what text NOT NULL,
      site_ids integer[] NOT NULL
    );
    CREATE INDEX access_log_read_at ON access_log (read_at);
    CREATE INDEX access_log_user ON access_log (user_name, read_at);

    CREATE FUNCTION access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    -- For each statement, so an UPDATE or DELETE is refused even when row-level security leaves it no row.
    CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON access_log
      FOR EACH STATEMENT EXECUTE FUNCTION access_log_is_append_only();

    ALTER TABLE access_log ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY access_log_appended_by_the_reader ON access_log FOR INSERT
      WITH CHECK (estates_actor() = 'system' OR (estates_actor() <> 'nobody' AND user_name = current_setting('estates.user', true)));
    CREATE POLICY access_log_read_by_admins ON access_log FOR SELECT
      USING (estates_actor() IN ('system', 'admin'));
  `.execute(db);
}
