import { sql, type Kysely } from 'kysely';

// A site's area measured from its outline (British National Grid metres, so square metres are
// true to a few parts in ten thousand across London), kept beside the register's stated
// site_area_ha: the land answers, the Brownfield CSV and the OGC queryables read it, and an
// outline's upload compares the two (src/domain/outline-area.ts). Generated, so it can never
// disagree with the outline it was measured from.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE sites ADD COLUMN outline_area_ha numeric
      GENERATED ALWAYS AS (round((ST_Area(boundary) / 10000)::numeric, 4)) STORED;
  `.execute(db);
}
