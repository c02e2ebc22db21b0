import { sql, type Kysely } from 'kysely';

// Rejected rows are kept in full only up to a cap per upload (src/domain/rejection-limits.ts,
// issue 20); the counts by code cover every rejected row, so they are kept apart, moved in the
// batch's own transaction. Counts of uploads from before are made from the rows they kept.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE upload_rejection_counts (
      upload_id integer NOT NULL REFERENCES uploads (id),
      code text NOT NULL,
      rows integer NOT NULL CHECK (rows > 0),
      PRIMARY KEY (upload_id, code)
    );
    INSERT INTO upload_rejection_counts (upload_id, code, rows)
      SELECT r.upload_id, p.problem->>'code', count(DISTINCT r.row_number)::int
      FROM upload_rejections r CROSS JOIN LATERAL jsonb_array_elements(r.problems) AS p(problem)
      GROUP BY 1, 2;
  `.execute(db);
}
