import { sql } from 'kysely';
import type { Executor } from './connect.js';
import { recordCutDown } from './estate.js';
import { chunks } from './runs.js';
import type { SiteForValuation, ValuationRecord } from '../domain/valuation-input.js';
import type { ValuationFigures } from './site-shapes.js';

export interface ValuationRow extends ValuationFigures {
  siteId: number;
  working: unknown;
}

/** A valuation is never rewritten: the same site version, class and assumption set is skipped. */
export async function saveValuations(trx: Executor, valuations: ValuationRow[]): Promise<number> {
  let written = 0;
  for (const part of chunks(valuations)) {
    const rows = part.map((v) => ({
      site_id: v.siteId,
      site_data_version: v.siteDataVersion,
      condition_class: v.conditionClass,
      assumption_set_id: v.assumptionSetId,
      model_version: v.modelVersion,
      homes: v.homes,
      euv_pence: v.euvPence,
      residual_pence: v.residualPence,
      market_value_pence: v.marketValuePence,
      net_receipt_pence: v.netReceiptPence,
      working: v.working,
    }));
    const result = await sql`
      INSERT INTO valuations (site_id, site_data_version, condition_class, assumption_set_id, model_version, homes,
                              euv_pence, residual_pence, market_value_pence, net_receipt_pence, working)
      SELECT r.site_id, r.site_data_version, r.condition_class, r.assumption_set_id, r.model_version, r.homes,
             r.euv_pence, r.residual_pence, r.market_value_pence, r.net_receipt_pence, r.working
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
        site_id int, site_data_version int, condition_class text, assumption_set_id text, model_version text, homes int,
        euv_pence bigint, residual_pence bigint, market_value_pence bigint, net_receipt_pence bigint, working jsonb)
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

export const valuationKey = (siteId: number, dataVersion: number, conditionClass: string): string =>
  `${siteId}/${dataVersion}/${conditionClass}`;

export async function saveValueRun(
  trx: Executor,
  estateVersion: number,
  assumptionSetId: string,
  sitesValued: number,
): Promise<void> {
  await trx
    .insertInto('value_runs')
    .values({ estate_version: estateVersion, assumption_set_id: assumptionSetId, sites_valued: sitesValued })
    .execute();
}

export interface ScoreForValuation {
  conditionClass: string;
  nearestStationM: number | null;
}

/** The two things valuation takes from a site's score: loading whole explained scores cost ~350 MB at 100,000 sites. */
export async function scoresForValuation(db: Executor, scoreRunId: number): Promise<Map<number, ScoreForValuation>> {
  const result = await sql<{ site_id: number; condition_class: string; nearest_station_m: number | null }>`
    SELECT site_id, condition_class,
           CASE WHEN jsonb_typeof(surplus->'nearestStationM') = 'number' THEN (surplus->>'nearestStationM')::float8 END AS nearest_station_m
    FROM site_scores WHERE score_run_id = ${scoreRunId}
  `.execute(db);
  return new Map(
    result.rows.map((r) => [r.site_id, { conditionClass: r.condition_class, nearestStationM: r.nearest_station_m }]),
  );
}

export interface SiteToValue extends SiteForValuation {
  siteId: number;
  dataVersion: number;
}

/** Every field of ValuationRecord but attributes: a field the type gains and this list lacks does not compile. */
const valuationFields: { [K in Exclude<keyof ValuationRecord, 'attributes'>]: true } = {
  tenure: true,
  siteAreaHa: true,
  giaM2: true,
  primaryUse: true,
  annualRunningCostPence: true,
};

/**
 * The sites as the value step reads them: each record cut down in SQL to the facts valuation
 * uses (names, addresses and the other attributes were most of the step's heap at 100,000 sites).
 */
export async function loadSitesForValuation(db: Executor): Promise<SiteToValue[]> {
  const result = await sql<{
    id: number;
    source_ref: string;
    data_version: number;
    record: ValuationRecord;
    borough_gss: string;
    inner_london: boolean;
    boundary_ha: number | null;
  }>`
    SELECT s.id, s.source_ref, s.data_version, s.borough_gss, coalesce(b.inner_london, false) AS inner_london,
           CASE WHEN s.boundary IS NULL THEN NULL ELSE ST_Area(s.boundary) / 10000 END AS boundary_ha,
           ${recordCutDown(Object.keys(valuationFields), ['leaseExpiry'])} AS record
    FROM sites s LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
    ORDER BY s.id
  `.execute(db);
  return result.rows.map((r) => ({
    siteId: r.id,
    sourceRef: r.source_ref,
    dataVersion: r.data_version,
    record: r.record,
    boroughGss: r.borough_gss,
    innerLondon: r.inner_london,
    boundaryAreaHa: r.boundary_ha,
  }));
}
