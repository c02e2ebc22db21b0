import { sql, type Kysely } from 'kysely';

// The API keeps who an API token belongs to until a user or token changes, instead of asking
// PostgreSQL on every request (the token lookup was most of PostgreSQL's work per cached answer).
// This counter moves on in the same transaction as any write to users or api_tokens (a role
// changed, a user disabled, a token issued or revoked), so a request that reads the old number
// also sees the old credentials, and one that reads the new number asks again. Deferred to commit
// like cases_version (0310), so it is the last lock a writer takes and cannot deadlock.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE credentials_version (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version bigint NOT NULL DEFAULT 0,
      bumped_by_txid bigint
    );
    INSERT INTO credentials_version DEFAULT VALUES;
    CREATE FUNCTION bump_credentials_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE credentials_version SET version = version + 1, bumped_by_txid = txid_current()
      WHERE bumped_by_txid IS DISTINCT FROM txid_current();
      RETURN NULL;
    END
    $$;
    CREATE CONSTRAINT TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_credentials_version();
    CREATE TRIGGER users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_credentials_version();
    CREATE CONSTRAINT TRIGGER api_tokens_changed AFTER INSERT OR UPDATE OR DELETE ON api_tokens
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_credentials_version();
    CREATE TRIGGER api_tokens_truncated AFTER TRUNCATE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION bump_credentials_version();
  `.execute(db);
}
