import { sql, type Kysely } from 'kysely';

// The Board filters the ranked list by borough, sub-region, class and score. Filtering through
// joins to sites and site_scores walked the whole run (112 ms at 25k sites for one borough);
// the ranked row now carries what it is filtered by, indexed in rank order.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE ranked_sites
      ADD COLUMN borough_gss text,
      ADD COLUMN sub_region text,
      ADD COLUMN condition_class text,
      ADD COLUMN surplus_score numeric;
    UPDATE ranked_sites r SET borough_gss = s.borough_gss, sub_region = s.sub_region,
           condition_class = sc.condition_class, surplus_score = sc.surplus_score
    FROM rank_runs rr, sites s, site_scores sc
    WHERE rr.id = r.rank_run_id AND s.id = r.site_id AND sc.score_run_id = rr.score_run_id AND sc.site_id = r.site_id;
    CREATE INDEX ranked_sites_borough_idx ON ranked_sites (rank_run_id, borough_gss, rank);
    CREATE INDEX ranked_sites_sub_region_idx ON ranked_sites (rank_run_id, sub_region, rank);
    CREATE INDEX ranked_sites_class_idx ON ranked_sites (rank_run_id, condition_class, rank);
  `.execute(db);
}
