import { sql } from 'kysely';
import type { ConditionClass } from '../domain/assumptions/condition.js';
import type { DisposalRoute } from '../domain/assumptions/scoring.js';
import type { RankingKey, ReasonEvidence } from '../domain/ranking.js';
import type { SurplusBlocker, SurplusComponent } from '../domain/surplus.js';
import type { Executor } from './connect.js';

/**
 * Rows per INSERT. Each chunk goes as one JSON text that PostgreSQL expands with
 * jsonb_to_recordset or json_to_recordset; a thousand rows of explained scores (~2.5 MB) stays within work_mem-sized
 * pieces instead of spilling the recordset to disk.
 */
export const ROWS_PER_CHUNK = 1_000;

export function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) out.push(rows.slice(i, i + ROWS_PER_CHUNK));
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
  /** Worked out by the score step from the components it holds (topReasons). */
  topReasons: string[];
}

export async function latestRun(
  db: Executor,
  table: 'score_runs' | 'value_runs' | 'rank_runs',
): Promise<{ id: number; estateVersion: number } | null> {
  const row = await db
    .selectFrom(table)
    .select(['id', 'estate_version'])
    .orderBy('estate_version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, estateVersion: row.estate_version } : null;
}

/** The run row first: its site scores reference it and are written in chunks as they are computed. */
export async function startScoreRun(
  trx: Executor,
  estateVersion: number,
  modelVersion: string,
  sitesScored: number,
  inputsSha256: string,
): Promise<number> {
  const run = await trx
    .insertInto('score_runs')
    .values({
      estate_version: estateVersion,
      model_version: modelVersion,
      sites_scored: sitesScored,
      inputs_sha256: inputsSha256,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return run.id;
}

/**
 * A digest of everything the score step reads: each site and its data version (a new survey or
 * boundary bumps the site's), the population and station layers, the year scored and the model.
 * Valuation assumption sets bump the estate version too, but leave this unchanged.
 */
export async function scoreInputsSha256(db: Executor, asOfYear: number, modelVersion: string): Promise<string> {
  const result = await sql<{ digest: string }>`
    SELECT encode(sha256(convert_to(concat_ws('|',
      ${String(asOfYear)}::text, ${modelVersion}::text,
      (SELECT md5(coalesce(string_agg(id || '.' || data_version, ',' ORDER BY id), '')) FROM sites),
      (SELECT md5(coalesce(string_agg(code || ' ' || residents || ' ' || ST_AsEWKT(centroid), ',' ORDER BY code), '')) FROM population_areas),
      (SELECT md5(coalesce(string_agg(code || ' ' || ST_AsEWKT(geom), ',' ORDER BY code), '')) FROM stations),
      (SELECT md5(coalesce(string_agg(concat_ws(' ', site_id, ods_code, status, close_date, linked_by), ',' ORDER BY site_id, ods_code), '')) FROM site_practices)
    ), 'UTF8')), 'hex') AS digest
  `.execute(db);
  return (result.rows[0] as { digest: string }).digest;
}

/** The latest score run and its inputs' digest, if it recorded one. */
export async function latestScoreRun(db: Executor): Promise<{
  id: number;
  estateVersion: number;
  modelVersion: string;
  inputsSha256: string | null;
  sitesScored: number;
} | null> {
  const row = await db
    .selectFrom('score_runs')
    .select(['id', 'estate_version', 'model_version', 'inputs_sha256', 'sites_scored'])
    .orderBy('estate_version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        estateVersion: row.estate_version,
        modelVersion: row.model_version,
        inputsSha256: row.inputs_sha256,
        sitesScored: row.sites_scored,
      }
    : null;
}

/** The inputs digest a score run was computed from (null for runs made before migration 0340). */
export async function scoreRunInputs(db: Executor, scoreRunId: number): Promise<string | null> {
  const row = await db.selectFrom('score_runs').select('inputs_sha256').where('id', '=', scoreRunId).executeTakeFirst();
  return row?.inputs_sha256 ?? null;
}

/** A run for a new estate version holding a copy of an earlier run's scores, computed from the same inputs. */
export async function copyScoreRun(
  trx: Executor,
  from: { id: number; sitesScored: number; modelVersion: string },
  estateVersion: number,
  inputsSha256: string,
): Promise<number> {
  const runId = await startScoreRun(trx, estateVersion, from.modelVersion, from.sitesScored, inputsSha256);
  await sql`
    INSERT INTO site_scores (score_run_id, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus, top_reasons)
    SELECT ${runId}, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus, top_reasons
    FROM site_scores WHERE score_run_id = ${from.id}
  `.execute(trx);
  return runId;
}

/** One chunk of a run's scores (at most a chunk's worth of rows: see chunks). */
export async function saveSiteScores(
  trx: Executor,
  scoreRunId: number,
  scores: readonly SiteScoreRow[],
): Promise<void> {
  // One JSON text per chunk, parsed by PostgreSQL: the driver's array literals escape every
  // character of every explanation in JavaScript first, which cost more than the insert.
  // Parsed once as jsonb: json_to_recordset re-parsed each explanation from text to store it as
  // jsonb, a third slower at 100,000 sites (16-17.7 s against 11.1-11.4 s, the same rows).
  const rows = scores.map((s) => ({
    site_id: s.siteId,
    site_data_version: s.siteDataVersion,
    condition_class: s.conditionClass,
    condition_score: s.conditionScore,
    surplus_score: s.surplusScore,
    condition: s.condition,
    surplus: s.surplus,
    top_reasons: s.topReasons,
  }));
  await sql`
    INSERT INTO site_scores (score_run_id, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus, top_reasons)
    SELECT ${scoreRunId}, r.site_id, r.site_data_version, r.condition_class, r.condition_score, r.surplus_score, r.condition, r.surplus, r.top_reasons
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
      site_id int, site_data_version int, condition_class text, condition_score numeric, surplus_score numeric, condition jsonb, surplus jsonb, top_reasons jsonb)
  `.execute(trx);
}

/**
 * What orders a run's sites (ranking.ts RankingKey), without their explanations, and the
 * columns the ranked list filters on, carried through to its rows.
 */
export interface RankingKeyRow extends RankingKey {
  siteId: number;
  filters: RankedFilters;
}

/** Copied onto each ranked row so the Board's filters need no join (migration 0301). */
export interface RankedFilters {
  boroughGss: string | null;
  subRegion: string | null;
  conditionClass: string;
  /** As stored (numeric, as text): copied, never recomputed. */
  surplusScore: string;
}

export async function loadRankingKeys(db: Executor, scoreRunId: number): Promise<RankingKeyRow[]> {
  const result = await sql<{
    site_id: number;
    source: string;
    source_ref: string;
    condition_class: ConditionClass;
    score: number;
    route: DisposalRoute;
    borough_gss: string | null;
    sub_region: string | null;
    surplus_score: string;
  }>`
    SELECT sc.site_id, s.source, s.source_ref, sc.condition_class, (sc.surplus->>'score')::float8 AS score, sc.surplus->>'route' AS route,
           s.borough_gss, s.sub_region, sc.surplus_score
    FROM site_scores sc JOIN sites s ON s.id = sc.site_id
    WHERE sc.score_run_id = ${scoreRunId}
    ORDER BY sc.site_id
  `.execute(db);
  return result.rows.map((r) => ({
    siteId: r.site_id,
    source: r.source,
    sourceRef: r.source_ref,
    conditionClass: r.condition_class,
    surplus: { score: r.score, route: r.route },
    filters: {
      boroughGss: r.borough_gss,
      subRegion: r.sub_region,
      conditionClass: r.condition_class,
      surplusScore: r.surplus_score,
    },
  }));
}

/** The evidence topReasons picks from, for some of a run's sites (a slice of the order at a time). */
/**
 * Each site's top reasons: as the score step stored them, or, for a run scored before it did
 * (top_reasons null), the evidence to work them out from; only then is the explained surplus read.
 */
export async function loadReasons(
  db: Executor,
  scoreRunId: number,
  siteIds: readonly number[],
): Promise<Map<number, string[] | ReasonEvidence>> {
  const result = await sql<{
    site_id: number;
    top_reasons: string[] | null;
    summary: string | null;
    components: SurplusComponent[] | null;
    blockers: SurplusBlocker[] | null;
  }>`
    SELECT site_id, top_reasons,
           CASE WHEN top_reasons IS NULL THEN condition->>'summary' END AS summary,
           CASE WHEN top_reasons IS NULL THEN surplus->'components' END AS components,
           CASE WHEN top_reasons IS NULL THEN surplus->'blockers' END AS blockers
    FROM site_scores WHERE score_run_id = ${scoreRunId} AND site_id = ANY(${[...siteIds]}::int[])
  `.execute(db);
  return new Map(
    result.rows.map((r) => [
      r.site_id,
      r.top_reasons ?? {
        surplus: { components: r.components ?? [], blockers: r.blockers ?? [] },
        ...(r.summary === null ? {} : { conditionReason: r.summary }),
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
  filters: RankedFilters;
}

export async function startRankRun(
  trx: Executor,
  estateVersion: number,
  scoreRunId: number,
  modelVersion: string,
): Promise<number> {
  const run = await trx
    .insertInto('rank_runs')
    .values({ estate_version: estateVersion, score_run_id: scoreRunId, model_version: modelVersion })
    .returning('id')
    .executeTakeFirstOrThrow();
  return run.id;
}
/**
 * The latest rank run whose score run was computed from `inputsSha256` under this ranking model:
 * the ranked list depends only on the scores and the sites' identities, so a score run copied
 * for an unchanged estate (copyScoreRun) ranks exactly as that run did.
 */
export async function rankRunForInputs(
  db: Executor,
  inputsSha256: string,
  modelVersion: string,
): Promise<number | null> {
  const row = await sql<{ id: number }>`
    SELECT r.id FROM rank_runs r JOIN score_runs s ON s.id = r.score_run_id
    WHERE s.inputs_sha256 = ${inputsSha256} AND r.model_version = ${modelVersion}
    ORDER BY r.estate_version DESC LIMIT 1
  `.execute(db);
  return row.rows[0]?.id ?? null;
}

export async function copyRankRun(
  trx: Executor,
  fromRankRunId: number,
  estateVersion: number,
  scoreRunId: number,
  modelVersion: string,
): Promise<number> {
  const runId = await startRankRun(trx, estateVersion, scoreRunId, modelVersion);
  const result = await sql`
    INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons, borough_gss, sub_region, condition_class, surplus_score)
    SELECT ${runId}, site_id, rank, priority, route, reasons, borough_gss, sub_region, condition_class, surplus_score
    FROM ranked_sites WHERE rank_run_id = ${fromRankRunId}
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** One chunk of a run's ranked rows, with the columns the ranked list filters on beside them. */
export async function saveRankedSites(trx: Executor, rankRunId: number, ranked: readonly RankedRow[]): Promise<void> {
  // The filter columns come with the rows: joining sites and site_scores for them per chunk
  // cost a third of the insert at 100,000 sites, more when the planner's counts were stale.
  const rows = ranked.map((r) => ({
    site_id: r.siteId,
    rank: r.rank,
    priority: r.priority,
    route: r.route,
    reasons: r.reasons,
    borough_gss: r.filters.boroughGss,
    sub_region: r.filters.subRegion,
    condition_class: r.filters.conditionClass,
    surplus_score: r.filters.surplusScore,
  }));
  await sql`
    INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons, borough_gss, sub_region, condition_class, surplus_score)
    SELECT ${rankRunId}, r.site_id, r.rank, r.priority, r.route, r.reasons, r.borough_gss, r.sub_region, r.condition_class, r.surplus_score
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
      site_id int, rank int, priority numeric, route text, reasons jsonb, borough_gss text, sub_region text, condition_class text, surplus_score numeric)
  `.execute(trx);
}
