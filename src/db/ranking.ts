import { sql } from 'kysely';
import { parseDecimal, parsePence, type Executor } from './connect.js';

export interface RankedSiteRow {
  rank: number;
  siteId: number;
  source: string;
  sourceRef: string;
  name: string | null;
  boroughGss: string | null;
  boroughName: string | null;
  subRegion: string | null;
  tenure: string | null;
  siteAreaHa: number | null;
  giaM2: number | null;
  route: string;
  priority: number;
  conditionClass: string;
  conditionScore: number | null;
  surplusScore: number;
  reasons: string[];
  homes: number | null;
  marketValuePence: number | null;
  netReceiptPence: number | null;
}

export interface RankedFilter {
  top?: number;
  offset?: number;
  borough?: string;
  subRegion?: string;
  conditionClass?: string;
  minScore?: number;
}

/** The latest ranked disposal list, with each site's scores and latest valuation. */
export async function rankedList(db: Executor, filter: RankedFilter = {}): Promise<{ estateVersion: number | null; total: number; sites: RankedSiteRow[] }> {
  const run = await db.selectFrom('rank_runs').select(['id', 'estate_version', 'score_run_id']).orderBy('estate_version', 'desc').limit(1).executeTakeFirst();
  if (!run) return { estateVersion: null, total: 0, sites: [] };
  const where = sql.join(
    [
      sql`r.rank_run_id = ${run.id}`,
      ...(filter.borough ? [sql`(s.borough_gss = ${filter.borough} OR lower(b.name) = lower(${filter.borough}))`] : []),
      ...(filter.subRegion ? [sql`s.sub_region = ${filter.subRegion}`] : []),
      ...(filter.conditionClass ? [sql`sc.condition_class = ${filter.conditionClass}`] : []),
      ...(filter.minScore !== undefined ? [sql`sc.surplus_score >= ${filter.minScore}`] : []),
    ],
    sql` AND `,
  );
  const rows = await sql<{
    rank: number; site_id: number; source: string; source_ref: string; name: string | null; borough_gss: string | null; borough_name: string | null;
    sub_region: string | null; tenure: string | null; site_area_ha: string | null; gia_m2: string | null; route: string; priority: string;
    condition_class: string; condition_score: string | null; surplus_score: string; reasons: string[]; homes: number | null;
    market_value_pence: string | null; net_receipt_pence: string | null; total: string;
  }>`
    SELECT r.rank, r.site_id, s.source, s.source_ref, s.name, s.borough_gss, b.name AS borough_name, s.sub_region, s.tenure,
           s.site_area_ha, s.gia_m2, r.route, r.priority, sc.condition_class, sc.condition_score, sc.surplus_score, r.reasons,
           v.homes, v.market_value_pence, v.net_receipt_pence, count(*) OVER () AS total
    FROM ranked_sites r
    JOIN sites s ON s.id = r.site_id
    LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
    JOIN site_scores sc ON sc.site_id = r.site_id AND sc.score_run_id = ${run.score_run_id}
    LEFT JOIN LATERAL (
      SELECT homes, market_value_pence, net_receipt_pence FROM valuations
      WHERE site_id = s.id AND site_data_version = s.data_version ORDER BY id DESC LIMIT 1
    ) v ON true
    WHERE ${where}
    ORDER BY r.rank
    LIMIT ${filter.top ?? 50} OFFSET ${filter.offset ?? 0}
  `.execute(db);
  return {
    estateVersion: run.estate_version,
    total: Number(rows.rows[0]?.total ?? 0),
    sites: rows.rows.map((r) => ({
      rank: r.rank,
      siteId: r.site_id,
      source: r.source,
      sourceRef: r.source_ref,
      name: r.name,
      boroughGss: r.borough_gss,
      boroughName: r.borough_name,
      subRegion: r.sub_region,
      tenure: r.tenure,
      siteAreaHa: parseDecimal(r.site_area_ha),
      giaM2: parseDecimal(r.gia_m2),
      route: r.route,
      priority: parseDecimal(r.priority) ?? 0,
      conditionClass: r.condition_class,
      conditionScore: parseDecimal(r.condition_score),
      surplusScore: parseDecimal(r.surplus_score) ?? 0,
      reasons: r.reasons,
      homes: r.homes,
      marketValuePence: r.market_value_pence === null ? null : parsePence(r.market_value_pence),
      netReceiptPence: r.net_receipt_pence === null ? null : parsePence(r.net_receipt_pence),
    })),
  };
}
