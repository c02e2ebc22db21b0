import { sql } from 'kysely';
import { findBorough } from '../../geo/boroughs.js';
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

/**
 * What the ranked list is read from, as one string that changes whenever its answer can: the
 * latest rank run (the order), the estate version (every change to a site's record bumps it in
 * the same transaction) and the latest value run (valuations are written only with one, one run
 * at a time, so its id follows commit order). Each part is a committed counter that only grows,
 * read in one snapshot, so an answer computed after reading it is never older than it. Borough
 * names are not data: they come from the fixed list in geo/boroughs.ts.
 */
export async function rankedListVersion(db: Executor): Promise<string> {
  const result = await sql<{ rank_run: number | null; estate: number; value_run: number | null }>`
    SELECT (SELECT id FROM rank_runs ORDER BY estate_version DESC LIMIT 1) AS rank_run,
           (SELECT version FROM estate_state) AS estate,
           (SELECT max(id) FROM value_runs) AS value_run
  `.execute(db);
  const row = result.rows[0];
  return `${row?.rank_run}.${row?.estate}.${row?.value_run}`;
}

/** The latest ranked disposal list, with each site's scores and latest valuation. */
export async function rankedList(
  db: Executor,
  filter: RankedFilter = {},
): Promise<{ estateVersion: number | null; total: number; sites: RankedSiteRow[] }> {
  const run = await db
    .selectFrom('rank_runs')
    .select(['id', 'estate_version', 'score_run_id'])
    .orderBy('estate_version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!run) return { estateVersion: null, total: 0, sites: [] };
  // A borough given by name is resolved to its code here, so the filter is an indexed equality.
  const boroughGss = filter.borough ? (findBorough(filter.borough)?.gssCode ?? null) : undefined;
  if (boroughGss === null) return { estateVersion: run.estate_version, total: 0, sites: [] };
  const where = sql.join(
    [
      sql`r.rank_run_id = ${run.id}`,
      ...(boroughGss ? [sql`r.borough_gss = ${boroughGss}`] : []),
      ...(filter.subRegion ? [sql`r.sub_region = ${filter.subRegion}`] : []),
      ...(filter.conditionClass ? [sql`r.condition_class = ${filter.conditionClass}`] : []),
      ...(filter.minScore !== undefined ? [sql`r.surplus_score >= ${filter.minScore}`] : []),
    ],
    sql` AND `,
  );
  // The page is found by walking the run in rank order and stops at the limit; everything shown
  // about a site (its scores, latest valuation) is then read for the page's rows only.
  const [count, rows] = await Promise.all([
    sql<{ total: string }>`SELECT count(*) AS total FROM ranked_sites r WHERE ${where}`.execute(db),
    sql<{
      rank: number;
      site_id: number;
      source: string;
      source_ref: string;
      name: string | null;
      borough_gss: string | null;
      borough_name: string | null;
      sub_region: string | null;
      tenure: string | null;
      site_area_ha: string | null;
      gia_m2: string | null;
      route: string;
      priority: string;
      condition_class: string;
      condition_score: string | null;
      surplus_score: string;
      reasons: string[];
      homes: number | null;
      market_value_pence: string | null;
      net_receipt_pence: string | null;
    }>`
      WITH page AS (
        SELECT r.rank, r.site_id, r.route, r.priority, r.reasons
        FROM ranked_sites r
        WHERE ${where}
        ORDER BY r.rank
        LIMIT ${filter.top ?? 50} OFFSET ${filter.offset ?? 0}
      )
      SELECT page.rank, page.site_id, s.source, s.source_ref, s.name, s.borough_gss, b.name AS borough_name, s.sub_region, s.tenure,
             s.site_area_ha, s.gia_m2, page.route, page.priority, sc.condition_class, sc.condition_score, sc.surplus_score, page.reasons,
             v.homes, v.market_value_pence, v.net_receipt_pence
      FROM page
      JOIN sites s ON s.id = page.site_id
      LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
      JOIN site_scores sc ON sc.site_id = page.site_id AND sc.score_run_id = ${run.score_run_id}
      LEFT JOIN LATERAL (
        SELECT homes, market_value_pence, net_receipt_pence FROM valuations
        WHERE site_id = s.id AND site_data_version = s.data_version ORDER BY id DESC LIMIT 1
      ) v ON true
      ORDER BY page.rank
    `.execute(db),
  ]);
  return {
    estateVersion: run.estate_version,
    total: Number(count.rows[0]?.total ?? 0),
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
