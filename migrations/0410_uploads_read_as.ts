import { sql, type Kysely } from 'kysely';

// How the worker read the file (format, encoding, separator; a GeoJSON file's CRS and whether it
// was declared or detected), so the upload's summary can say it: a file read with the wrong
// separator or CRS is otherwise a mystery to the person who sent it. Null until it is read.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE uploads ADD COLUMN read_as jsonb`.execute(db);
}
