import { sql, type Kysely } from 'kysely';

// ODS epraccur's status (A active, C closed, D dormant, P proposed) is kept, and the GP practices occupying
// each site are a view, so a site loaded after the register, or a register loaded again, is linked without a
// step of its own: by the occupier ODS code the site record names, else by the site's postcode.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE ods_organisations
      ADD COLUMN status text CHECK (status IN ('active', 'closed', 'dormant', 'proposed'));
    CREATE INDEX ods_practices_postcode_idx ON ods_organisations (postcode) WHERE kind = 'gp-practice';
    CREATE VIEW site_practices AS
      SELECT s.id AS site_id, o.ods_code, o.name, o.status, o.close_date, 'ods_code'::text AS linked_by
      FROM sites s
      JOIN ods_organisations o
        ON o.kind = 'gp-practice' AND o.ods_code = s.record -> 'attributes' ->> 'occupierOdsCode'
      UNION ALL
      SELECT s.id, o.ods_code, o.name, o.status, o.close_date, 'postcode'::text
      FROM sites s
      JOIN ods_organisations o ON o.kind = 'gp-practice' AND o.postcode = s.postcode
      WHERE s.record -> 'attributes' ->> 'occupierOdsCode' IS NULL;
  `.execute(db);
}
