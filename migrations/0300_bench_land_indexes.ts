import { sql, type Kysely } from 'kysely';

// The land query and OGC items read each site's latest case (ORDER BY opened_at DESC, id DESC
// LIMIT 1 per site). The only index on cases.site_id was the partial one for open cases, so a
// completed (released) case meant a scan of every case for every site in the search area:
// found by EXPLAIN ANALYZE in `npm run bench` (queries at 100,000 sites).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX cases_site_latest_idx ON cases (site_id, opened_at DESC, id DESC)`.execute(db);
}
