import { sql, type Kysely } from 'kysely';

// The API keeps who an API token belongs to until a user or token changes, instead of asking
// PostgreSQL on every request (the token lookup was most of PostgreSQL's work per cached answer).
// This counter moves on in the same transaction as any write to users or api_tokens (a role
// changed, a user disabled, a token issued or revoked), so a request that reads the old number
// also sees the old credentials, and one that reads the new number asks again. Deferred to commit
// like cases_version (0310), whose trigger function it shares, so it is the last lock a writer takes
// and cannot deadlock.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE credentials_version (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version bigint NOT NULL DEFAULT 0,
      bumped_by_txid bigint
    );
    INSERT INTO credentials_version DEFAULT VALUES;
    CREATE CONSTRAINT TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_version_counter('credentials_version');
    CREATE TRIGGER users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_version_counter('credentials_version');
    CREATE CONSTRAINT TRIGGER api_tokens_changed AFTER INSERT OR UPDATE OR DELETE ON api_tokens
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_version_counter('credentials_version');
    CREATE TRIGGER api_tokens_truncated AFTER TRUNCATE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION bump_version_counter('credentials_version');
  `.execute(db);
}
