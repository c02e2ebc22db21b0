import { sql, type Kysely } from 'kysely';

// No query reads sites through their borough: ranked lists filter ranked_sites (which carries the
// borough, 0301), and the land query's borough filter is "the borough's code OR its name", which
// spans sites and boroughs and so cannot use an index on sites alone. Every site written still
// paid for an entry; the index is dropped.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX sites_borough_idx`.execute(db);
}
