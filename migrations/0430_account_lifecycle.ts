import { sql, type Kysely } from 'kysely';

// Account lifecycle (issue 20): API tokens get a number to list and revoke them by (the hash is
// the key, never shown) and an expiry; users get the time their password last changed. Tokens
// issued before this migration expire 90 days from now (the default of TOKEN_TTL_DAYS, config.ts)
// rather than at once, so no script breaks on the day of the upgrade.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE api_tokens ADD COLUMN id integer GENERATED ALWAYS AS IDENTITY UNIQUE;
    ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
    UPDATE api_tokens SET expires_at = now() + interval '90 days';
    ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
    CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
    ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
    CREATE INDEX sessions_user_idx ON sessions (user_id);
  `.execute(db);
}
