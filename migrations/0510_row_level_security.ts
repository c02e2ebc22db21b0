import { sql, type Kysely } from 'kysely';

// Who sees which organisation's records is decided by PostgreSQL, not by each query remembering
// to filter (issue 20). Every protected table has row-level security, forced on its owner too
// (the product connects as the owner), with policies reading three settings that the caller makes
// for each transaction with set_config(..., true): estates.actor (a role, or "system" for the
// workers and the command line, whose connections start with it), estates.org and estates.user.
// No actor (a connection that set nothing) sees none of these rows.
//
//   uploads, their rejections and rejection counts: officers their own organisation's; Board, admins, system all.
//   sites: every signed-in role reads all (other organisations' sites stay on the ranked list and
//     the map); only the system writes them (the ingest worker, acting for an upload).
//   valuations (the confidential figures): officers only those of their organisation's sites;
//     Board, admins, system all; housing none. Only the system writes them.
//   cases, their events and escalations: officers their own organisation's (and only those they
//     can move); Board, admins, system all; housing reads all (status only: the API shows no more)
//     and appends the records that are theirs (homes delivered) to any.
//   case documents: officers their own organisation's cases'; Board, admins, system all; housing none.
//
// Homes (a site's capacity) are not confidential, and housing's land search filters on them, but
// they live on the valuation row, which housing may not read. site_capacity keeps each site's homes
// from its latest valuation, written by a statement trigger on valuations (one statement per
// batch, not one per row), and is readable by every signed-in role.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE site_capacity (
      site_id integer PRIMARY KEY,
      valuation_id integer NOT NULL,
      homes integer NOT NULL
    );
    INSERT INTO site_capacity (site_id, valuation_id, homes)
      SELECT DISTINCT ON (site_id) site_id, id, homes FROM valuations ORDER BY site_id, id DESC;
    CREATE FUNCTION keep_site_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO site_capacity AS c (site_id, valuation_id, homes)
        SELECT DISTINCT ON (site_id) site_id, id, homes FROM new_valuations ORDER BY site_id, id DESC
      ON CONFLICT (site_id) DO UPDATE SET valuation_id = excluded.valuation_id, homes = excluded.homes
        WHERE excluded.valuation_id > c.valuation_id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER valuations_keep_capacity AFTER INSERT ON valuations
      REFERENCING NEW TABLE AS new_valuations FOR EACH STATEMENT EXECUTE FUNCTION keep_site_capacity();

    CREATE FUNCTION estates_actor() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT coalesce(nullif(current_setting('estates.actor', true), ''), 'nobody') $$;
    CREATE FUNCTION estates_org() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT nullif(current_setting('estates.org', true), '') $$;
    CREATE FUNCTION estates_sees_every_organisation() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT estates_actor() IN ('system', 'board', 'admin') $$;
    CREATE FUNCTION estates_officer_of(org text) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT estates_actor() = 'officer' AND org IS NOT NULL AND org = estates_org() $$;

    ALTER TABLE uploads ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY uploads_by_organisation ON uploads FOR ALL
      USING (estates_sees_every_organisation() OR estates_officer_of(org_code))
      WITH CHECK (estates_sees_every_organisation() OR estates_officer_of(org_code));

    ALTER TABLE upload_rejections ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY rejections_of_visible_uploads ON upload_rejections FOR ALL
      USING (estates_sees_every_organisation() OR EXISTS (SELECT 1 FROM uploads u WHERE u.id = upload_id))
      WITH CHECK (estates_actor() = 'system');

    ALTER TABLE upload_rejection_counts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY rejection_counts_of_visible_uploads ON upload_rejection_counts FOR ALL
      USING (estates_sees_every_organisation() OR EXISTS (SELECT 1 FROM uploads u WHERE u.id = upload_id))
      WITH CHECK (estates_actor() = 'system');

    ALTER TABLE sites ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY sites_read_when_signed_in ON sites FOR SELECT
      USING (estates_actor() IN ('system', 'board', 'admin', 'officer', 'housing'));
    CREATE POLICY sites_written_by_the_system ON sites FOR ALL
      USING (estates_actor() = 'system') WITH CHECK (estates_actor() = 'system');

    ALTER TABLE valuations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY valuations_of_own_sites ON valuations FOR SELECT
      USING (
        estates_sees_every_organisation()
        OR (estates_actor() = 'officer' AND EXISTS (
          SELECT 1 FROM sites s WHERE s.id = site_id AND estates_officer_of(s.org_code)))
      );
    CREATE POLICY valuations_written_by_the_system ON valuations FOR ALL
      USING (estates_actor() = 'system') WITH CHECK (estates_actor() = 'system');

    ALTER TABLE cases ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY cases_read ON cases FOR SELECT
      USING (estates_sees_every_organisation() OR estates_actor() = 'housing' OR estates_officer_of(org_code));
    CREATE POLICY cases_moved ON cases FOR ALL
      USING (estates_sees_every_organisation() OR estates_officer_of(org_code))
      WITH CHECK (estates_sees_every_organisation() OR estates_officer_of(org_code));
    -- Housing records homes delivered on any case (the workflow's REQUEST_ROLES say which records are
    -- theirs); appending moves the case's head, so housing updates cases but never opens one.
    CREATE POLICY cases_recorded_by_housing ON cases FOR UPDATE
      USING (estates_actor() = 'housing') WITH CHECK (estates_actor() = 'housing');

    ALTER TABLE case_events ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY events_of_visible_cases ON case_events FOR SELECT
      USING (estates_sees_every_organisation() OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id));
    CREATE POLICY events_of_movable_cases ON case_events FOR ALL
      USING (estates_sees_every_organisation()
        OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND estates_officer_of(c.org_code)))
      WITH CHECK (estates_sees_every_organisation() OR estates_actor() = 'housing'
        OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND estates_officer_of(c.org_code)));

    ALTER TABLE case_documents ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY documents_of_own_cases ON case_documents FOR ALL
      USING (estates_sees_every_organisation()
        OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND estates_officer_of(c.org_code)))
      WITH CHECK (estates_sees_every_organisation()
        OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND estates_officer_of(c.org_code)));

    ALTER TABLE escalations ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
    CREATE POLICY escalations_of_visible_cases ON escalations FOR SELECT
      USING (estates_sees_every_organisation() OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id));
    CREATE POLICY escalations_raised_by_the_system ON escalations FOR ALL
      USING (estates_actor() = 'system') WITH CHECK (estates_actor() = 'system');
  `.execute(db);
}
