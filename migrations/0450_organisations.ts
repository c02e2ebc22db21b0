import { sql, type Kysely } from 'kysely';

// Every user works for one organisation (NHSPS, CHP, a trust, an ICB, a borough, the GLA), and
// every upload, site and case belongs to one, so an officer's view can be limited to their own
// body's records (issue 20). The owning organisation is a column, not a join through uploads, so
// the row-level security policies that use it read one value of the row itself. Null means no
// organisation owns it (uploads made at the command line without --org, and rows from before
// this migration): only the Board, admins and the system see those in full.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('nhsps', 'chp', 'trust', 'icb', 'borough', 'gla', 'other')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    ALTER TABLE users ADD COLUMN org_code text REFERENCES organisations (code);
    ALTER TABLE uploads ADD COLUMN org_code text REFERENCES organisations (code);
    -- No foreign key on sites, as none to uploads (0370): a check per row written costs the ingest,
    -- and the product never deletes an organisation.
    ALTER TABLE sites ADD COLUMN org_code text;
    ALTER TABLE cases ADD COLUMN org_code text REFERENCES organisations (code);
  `.execute(db);
}
