import { sql, type Kysely } from 'kysely';

// OpenID Connect sign-in (issue 20): a user first seen through the identity provider is kept by
// its issuer and subject (the pair OIDC Core §2 says identifies an end-user; names and emails
// change), and has no password here; their organisation (users.org_code, 0450) is the one the
// provider names. A session remembers how it was opened, so signing out of one opened through
// the provider also goes there.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
    ALTER TABLE users ADD COLUMN oidc_issuer text;
    ALTER TABLE users ADD COLUMN oidc_subject text;
    ALTER TABLE users ADD CONSTRAINT users_oidc_identity UNIQUE (oidc_issuer, oidc_subject);
    ALTER TABLE users ADD CONSTRAINT users_oidc_pair CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL));
    ALTER TABLE users ADD CONSTRAINT users_some_credential CHECK (password_hash IS NOT NULL OR oidc_subject IS NOT NULL);
    ALTER TABLE sessions ADD COLUMN signed_in_with text NOT NULL DEFAULT 'password'
      CHECK (signed_in_with IN ('password', 'oidc'));
  `.execute(db);
}
