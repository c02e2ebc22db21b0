import { sql } from 'kysely';
import type { Executor } from './connect.js';

/**
 * Rows per INSERT. Each chunk goes as one JSON text that PostgreSQL expands with
 * json_to_recordset; a thousand rows of explained scores (~2.5 MB) stays within work_mem-sized
 * pieces instead of spilling the recordset to disk.
 */
const CHUNK = 1_000;

export function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

export interface SiteScoreRow {
  siteId: number;
  siteDataVersion: number;
  conditionClass: string;
  conditionScore: number | null;
  surplusScore: number;
  condition: unknown;
  surplus: unknown;
}

export async function latestRun(db: Executor, table: 'score_runs' | 'value_runs' | 'rank_runs'): Promise<{ id: number; estateVersion: number } | null> {
  const row = await db.selectFrom(table).select(['id', 'estate_version']).orderBy('estate_version', 'desc').limit(1).executeTakeFirst();
  return row ? { id: row.id, estateVersion: row.estate_version } : null;
}

export async function saveScoreRun(trx: Executor, estateVersion: number, modelVersion: string, scores: SiteScoreRow[]): Promise<number> {
  const run = await trx
    .insertInto('score_runs')
    .values({ estate_version: estateVersion, model_version: modelVersion, sites_scored: scores.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const part of chunks(scores)) {
    // One JSON text per chunk, parsed by PostgreSQL: the driver's array literals escape every
    // character of every explanation in JavaScript first, which cost more than the insert.
    const rows = part.map((s) => ({
      site_id: s.siteId,
      site_data_version: s.siteDataVersion,
      condition_class: s.conditionClass,
      condition_score: s.conditionScore,
      surplus_score: s.surplusScore,
      condition: s.condition,
      surplus: s.surplus,
    }));
    await sql`
      INSERT INTO site_scores (score_run_id, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus)
      SELECT ${run.id}, r.site_id, r.site_data_version, r.condition_class, r.condition_score, r.surplus_score, r.condition, r.surplus
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
        site_id int, site_data_version int, condition_class text, condition_score numeric, surplus_score numeric, condition jsonb, surplus jsonb)
    `.execute(trx);
  }
  return run.id;
}

export interface ScoredSite {
  siteId: number;
  conditionClass: string;
  conditionScore: number | null;
  surplusScore: number;
  condition: Record<string, unknown>;
  surplus: Record<string, unknown>;
}

export async function loadScores(db: Executor, scoreRunId: number): Promise<Map<number, ScoredSite>> {
  const rows = await db
    .selectFrom('site_scores')
    .select(['site_id', 'condition_class', 'condition_score', 'surplus_score', 'condition', 'surplus'])
    .where('score_run_id', '=', scoreRunId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.site_id,
      {
        siteId: r.site_id,
        conditionClass: r.condition_class,
        conditionScore: r.condition_score === null ? null : Number(r.condition_score),
        surplusScore: Number(r.surplus_score),
        condition: r.condition,
        surplus: r.surplus,
      },
    ]),
  );
}

export interface RankedRow {
  siteId: number;
  rank: number;
  priority: number;
  route: string;
  reasons: string[];
}

export async function saveRankRun(trx: Executor, estateVersion: number, scoreRunId: number, modelVersion: string, ranked: RankedRow[]): Promise<number> {
  const run = await trx
    .insertInto('rank_runs')
    .values({ estate_version: estateVersion, score_run_id: scoreRunId, model_version: modelVersion })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const part of chunks(ranked)) {
    const rows = part.map((r) => ({ site_id: r.siteId, rank: r.rank, priority: r.priority, route: r.route, reasons: r.reasons }));
    await sql`
      INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons, borough_gss, sub_region, condition_class, surplus_score)
      SELECT ${run.id}, r.site_id, r.rank, r.priority, r.route, r.reasons, s.borough_gss, s.sub_region, sc.condition_class, sc.surplus_score
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(site_id int, rank int, priority numeric, route text, reasons jsonb)
      JOIN sites s ON s.id = r.site_id
      JOIN site_scores sc ON sc.score_run_id = ${scoreRunId} AND sc.site_id = r.site_id
    `.execute(trx);
  }
  return run.id;
}
