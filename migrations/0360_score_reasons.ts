import { sql, type Kysely } from 'kysely';

// Each site's top reasons are worked out when it is scored, from the components the score step
// holds anyway, and stored beside them. The rank step read them back out of every site's explained
// surplus (decompressing ~2 KB of JSON per site): 13.8 of its 20.8 s at 100,000 sites. Runs made
// before keep null here, and are ranked from their components as before.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE site_scores ADD COLUMN top_reasons jsonb`.execute(db);
}
