import { sql } from 'kysely';
import type { Executor } from './connect.js';

/** Rows per INSERT: keeps each statement's parameters well under PostgreSQL's limits. */
const CHUNK = 2_000;

function chunks<T>(rows: T[]): T[][] {
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
    await sql`
      INSERT INTO site_scores (score_run_id, site_id, site_data_version, condition_class, condition_score, surplus_score, condition, surplus)
      SELECT ${run.id}, * FROM unnest(
        ${part.map((s) => s.siteId)}::int[], ${part.map((s) => s.siteDataVersion)}::int[], ${part.map((s) => s.conditionClass)}::text[],
        ${part.map((s) => s.conditionScore)}::numeric[], ${part.map((s) => s.surplusScore)}::numeric[],
        ${part.map((s) => JSON.stringify(s.condition))}::jsonb[], ${part.map((s) => JSON.stringify(s.surplus))}::jsonb[])
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

export interface ValuationRow {
  siteId: number;
  siteDataVersion: number;
  conditionClass: string;
  assumptionSetId: string;
  modelVersion: string;
  homes: number;
  euvPence: number;
  residualPence: number;
  marketValuePence: number;
  netReceiptPence: number;
  working: unknown;
}

/** A valuation is never rewritten: the same site version, class and assumption set is skipped. */
export async function saveValuations(trx: Executor, valuations: ValuationRow[]): Promise<number> {
  let written = 0;
  for (const part of chunks(valuations)) {
    const result = await sql`
      INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes,
                              euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
      SELECT * FROM unnest(
        ${part.map((v) => v.siteId)}::int[], ${part.map((v) => v.siteDataVersion)}::int[], ${part.map((v) => v.conditionClass)}::text[],
        ${part.map((v) => v.assumptionSetId)}::text[], ${part.map((v) => v.modelVersion)}::text[], ${part.map((v) => v.homes)}::int[],
        ${part.map((v) => String(v.euvPence))}::bigint[], ${part.map((v) => String(v.residualPence))}::bigint[],
        ${part.map((v) => String(v.marketValuePence))}::bigint[], ${part.map((v) => String(v.netReceiptPence))}::bigint[],
        ${part.map((v) => JSON.stringify(v.working))}::jsonb[])
      ON CONFLICT (site_id, site_data_version, condition_class, assumption_set_id, model_version) DO NOTHING
    `.execute(trx);
    written += Number(result.numAffectedRows ?? 0);
  }
  return written;
}

/** Which (site, version, class) already have a valuation under this assumption set and model. */
export async function valuedKeys(db: Executor, assumptionSetId: string, modelVersion: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('valuations')
    .select(['site_id', 'site_data_version', 'condition_class'])
    .where('assumption_set_id', '=', assumptionSetId)
    .where('model_version', '=', modelVersion)
    .execute();
  return new Set(rows.map((r) => valuationKey(r.site_id, r.site_data_version, r.condition_class)));
}

export const valuationKey = (siteId: number, dataVersion: number, conditionClass: string): string => `${siteId}/${dataVersion}/${conditionClass}`;

export async function saveValueRun(trx: Executor, estateVersion: number, assumptionSetId: string, sitesValued: number): Promise<void> {
  await trx.insertInto('value_runs').values({ estate_version: estateVersion, assumption_set_id: assumptionSetId, sites_valued: sitesValued }).execute();
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
    await sql`
      INSERT INTO ranked_sites (rank_run_id, site_id, rank, priority, route, reasons)
      SELECT ${run.id}, * FROM unnest(
        ${part.map((r) => r.siteId)}::int[], ${part.map((r) => r.rank)}::int[], ${part.map((r) => r.priority)}::numeric[],
        ${part.map((r) => r.route)}::text[], ${part.map((r) => JSON.stringify(r.reasons))}::jsonb[])
    `.execute(trx);
  }
  return run.id;
}
