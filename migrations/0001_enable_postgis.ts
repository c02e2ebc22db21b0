import { sql, type Kysely } from 'kysely';

// PostGIS may already be there (services up installs it in template1); on a managed server
// the migrating role needs the right to create it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);
}
