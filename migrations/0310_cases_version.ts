import { sql, type Kysely } from 'kysely';

// The API keeps answers about land (which sites are released or in the pipeline) until the data
// behind them changes. The estate version and the value and rank runs already say when sites,
// valuations and the ranked list change; nothing said when a case did, short of reading every
// case on every request. This counter moves on in the same transaction as any write to cases,
// so a reader that sees the old number also sees the old cases.
//
// The trigger is deferred to commit: the counter row is the last lock a writer takes, held only
// while it commits, so two officers moving different cases queue for a moment but can never
// deadlock on it. It bumps once per transaction however many cases the transaction wrote.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE cases_version (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version bigint NOT NULL DEFAULT 0,
      bumped_by_txid bigint
    );
    INSERT INTO cases_version DEFAULT VALUES;
    -- One function for every such counter (credentials_version, 0350, uses it too): the trigger
    -- names its counter table as its argument.
    CREATE FUNCTION bump_version_counter() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      EXECUTE format('UPDATE %I SET version = version + 1, bumped_by_txid = txid_current()
                      WHERE bumped_by_txid IS DISTINCT FROM txid_current()', TG_ARGV[0]);
      RETURN NULL;
    END
    $$;
    CREATE CONSTRAINT TRIGGER cases_changed AFTER INSERT OR UPDATE OR DELETE ON cases
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_version_counter('cases_version');
    CREATE TRIGGER cases_truncated AFTER TRUNCATE ON cases FOR EACH STATEMENT EXECUTE FUNCTION bump_version_counter('cases_version');
  `.execute(db);
}
