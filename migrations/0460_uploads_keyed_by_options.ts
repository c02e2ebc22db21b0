import { sql, type Kysely } from 'kysely';

// An upload is the same upload when its bytes, its source and its options are the same: the
// same GeoJSON tried again with --reference-property after a refusal is a new upload, not the
// earlier failed one returned unchanged. jsonb compares objects whatever their key order.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE uploads DROP CONSTRAINT uploads_source_sha256_key`.execute(db);
  await sql`ALTER TABLE uploads ADD CONSTRAINT uploads_source_sha256_options_key UNIQUE (source, sha256, options)`.execute(
    db,
  );
}
