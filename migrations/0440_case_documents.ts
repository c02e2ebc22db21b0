import { sql, type Kysely } from 'kysely';

// Files attached to the facts on a case record (a title report, a commissioner's letter). The
// fact's event names the file by sha256, so a file is stored once per case however often it is
// cited, and a row is never rewritten: a changed file is a new sha256 on a new fact.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE case_documents (
      case_id integer NOT NULL REFERENCES cases (id),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      filename text NOT NULL,
      size_bytes integer NOT NULL,
      bytes bytea NOT NULL,
      stored_by text NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, sha256)
    );
    ALTER TABLE case_documents ALTER COLUMN bytes SET COMPRESSION lz4;
  `.execute(db);
}
