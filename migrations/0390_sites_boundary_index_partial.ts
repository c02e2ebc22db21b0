import { sql, type Kysely } from 'kysely';

// GiST indexes NULLs, so every site written without a boundary (most of a register: boundaries
// come in their own uploads) paid for an index entry no query can use. The index now holds only
// sites with a boundary; a spatial condition on the boundary (a strict operator such as &&)
// implies it is not null, so such a query can still use it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX sites_boundary_idx;
    CREATE INDEX sites_boundary_idx ON sites USING gist (boundary) WHERE boundary IS NOT NULL;
  `.execute(db);
}
