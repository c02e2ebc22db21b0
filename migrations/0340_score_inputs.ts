import { sql, type Kysely } from 'kysely';

// A score run records a digest of what it was computed from (sites and their data versions, the
// population and station layers, the year, the model). When an estate version changes nothing
// the scores read (a valuation assumption set, say), the next run copies the last one's scores
// instead of computing them again: 13-18 s of a 100,000-site re-score.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE score_runs ADD COLUMN inputs_sha256 text`.execute(db);
}
