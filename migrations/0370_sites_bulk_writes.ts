import { sql, type Kysely } from 'kysely';

// Writing a 100,000-row register, PostgreSQL spent a quarter of its time on per-row checks and
// index entries that guard nothing the schema does not already guarantee:
// - sites' two foreign keys to uploads checked (and share-locked) the same upload row for every
//   site. An upload is written by the worker that holds it locked, and is now never deleted (the
//   raw file is kept: a product rule, enforced below like case_events' append-only rule), so the
//   reference cannot dangle. Every other table keeps its foreign key to uploads.
// - sites had an index on source_ref beside the unique (source, source_ref); the unique index
//   with source_ref first serves both (ON CONFLICT (source, source_ref) infers it whatever the
//   column order).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION refuse_upload_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'uploads are kept with their raw files: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER uploads_kept BEFORE DELETE ON uploads FOR EACH ROW EXECUTE FUNCTION refuse_upload_delete();
    CREATE TRIGGER uploads_kept_truncate BEFORE TRUNCATE ON uploads FOR EACH STATEMENT EXECUTE FUNCTION refuse_upload_delete();
    ALTER TABLE sites DROP CONSTRAINT sites_first_upload_id_fkey, DROP CONSTRAINT sites_last_upload_id_fkey;
    ALTER TABLE sites ADD CONSTRAINT sites_source_ref_source_key UNIQUE (source_ref, source);
    ALTER TABLE sites DROP CONSTRAINT sites_source_source_ref_key;
    DROP INDEX sites_source_ref_idx;
  `.execute(db);
}
