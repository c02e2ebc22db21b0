import { sql } from 'kysely';
import { parseDecimal, parsePence, type Executor } from './connect.js';
import { landStatusSql, type LandStatus } from './land.js';
import type { SiteIdentity, ValuationFigures } from './site-shapes.js';
import type { OccupyingPractice } from '../domain/occupiers.js';
import { isPlacedInWater } from '../domain/placement.js';
import { loadPracticesBySite } from './estate.js';
import type { Valuation } from '../domain/valuation.js';
import type { StoredValuation } from '../domain/valuation-record.js';
import { withWorking } from './valuations.js';

export interface SiteScoresView {
  scoreRunId: number;
  estateVersion: number;
  modelVersion: string;
  computedAt: string;
  siteDataVersion: number;
  conditionClass: string;
  conditionScore: number | null;
  surplusScore: number;
  /** As the scoring worker stored them: components, thresholds, rule version. */
  condition: Record<string, unknown>;
  surplus: Record<string, unknown>;
}

export interface SiteValuationView extends ValuationFigures {
  valuationId: number;
  /** False when the site's data changed after this valuation. */
  current: boolean;
  /** The valuation with its working lines, re-derived under its assumption set. */
  working: Valuation;
  /** Null when the working lines are there; otherwise why not. */
  workingUnavailable: string | null;
  computedAt: string;
}

export interface SiteDetail {
  site: SiteIdentity & {
    tenure: string | null;
    siteAreaHa: number | null;
    giaM2: number | null;
    placedBy: string;
    /** In no borough's land but in Greater London's water (the Thames, a dock): placed in the nearest borough. */
    placedInWater: boolean;
    dataVersion: number;
    updatedAt: string;
    lon: number;
    lat: number;
    /** GeoJSON in WGS84: the point, and the boundary where one was given. */
    geometry: unknown;
    boundary: unknown;
    record: Record<string, unknown>;
  };
  status: LandStatus | null;
  homes: number | null;
  scores: SiteScoresView | null;
  surveyBlocks: Array<{ block: string; surveyDate: string; uploadId: number; record: Record<string, unknown> }>;
  valuation: SiteValuationView | null;
  openCase: { caseId: number; stage: string; version: number; openedAt: string } | null;
  /** GP practices occupying the site (ODS epraccur), by the record's occupier ODS code or its postcode. */
  practices: OccupyingPractice[];
}

/** Everything the site page shows, read in one snapshot-free pass (each part is its own latest). */
export async function siteDetail(db: Executor, siteId: number): Promise<SiteDetail | null> {
  const site = (
    await sql<{
      id: number;
      source: string;
      source_ref: string;
      name: string | null;
      address: string | null;
      postcode: string | null;
      borough_gss: string | null;
      borough_name: string | null;
      sub_region: string | null;
      tenure: string | null;
      site_area_ha: string | null;
      gia_m2: string | null;
      placed_by: string;
      data_version: number;
      updated_at: Date;
      lon: number;
      lat: number;
      geometry: string;
      boundary: string | null;
      record: Record<string, unknown>;
      status: LandStatus | null;
    }>`
      SELECT s.id, s.source, s.source_ref, s.name, s.address, s.postcode, s.borough_gss, b.name AS borough_name, s.sub_region, s.tenure,
             s.site_area_ha, s.gia_m2, s.placed_by, s.data_version, s.updated_at,
             ST_X(ST_Transform(s.geom, 4326)) AS lon, ST_Y(ST_Transform(s.geom, 4326)) AS lat,
             ST_AsGeoJSON(ST_Transform(s.geom, 4326), 6) AS geometry,
             ST_AsGeoJSON(ST_Transform(s.boundary, 4326), 6) AS boundary,
             s.record, ${landStatusSql()} AS status
      FROM sites s
      LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
      LEFT JOIN LATERAL (SELECT stage, closed_at FROM cases WHERE site_id = s.id ORDER BY opened_at DESC, id DESC LIMIT 1) c ON true
      WHERE s.id = ${siteId}
    `.execute(db)
  ).rows[0];
  if (!site) return null;

  const score = await db
    .selectFrom('site_scores as sc')
    .innerJoin('score_runs as r', 'r.id', 'sc.score_run_id')
    .select([
      'sc.score_run_id',
      'r.estate_version',
      'r.model_version',
      'r.computed_at',
      'sc.site_data_version',
      'sc.condition_class',
      'sc.condition_score',
      'sc.surplus_score',
      'sc.condition',
      'sc.surplus',
    ])
    .where('sc.site_id', '=', siteId)
    .orderBy('r.estate_version', 'desc')
    .limit(1)
    .executeTakeFirst();

  const blocks = await db
    .selectFrom('survey_blocks')
    .select(['block', sql<string>`to_char(survey_date, 'YYYY-MM-DD')`.as('survey_date'), 'upload_id', 'record'])
    .where('site_ref', '=', site.source_ref)
    .orderBy('block')
    .orderBy('survey_date', 'desc')
    .execute();

  const valuation = await db
    .selectFrom('valuations')
    .selectAll()
    .where('site_id', '=', siteId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  // Homes are not confidential: a caller who may not read the valuation still has its capacity (migration 0510).
  const capacity = await db
    .selectFrom('site_capacity')
    .select('homes')
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  const restored = valuation
    ? await withWorking(db, valuation.working as unknown as StoredValuation | Valuation)
    : null;
  const openCase = await db
    .selectFrom('cases')
    .select(['id', 'stage', 'version', 'opened_at'])
    .where('site_id', '=', siteId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();

  return {
    site: {
      siteId: site.id,
      source: site.source,
      sourceRef: site.source_ref,
      name: site.name,
      address: site.address,
      postcode: site.postcode,
      borough: site.borough_gss,
      boroughName: site.borough_name,
      subRegion: site.sub_region,
      tenure: site.tenure,
      siteAreaHa: parseDecimal(site.site_area_ha),
      giaM2: parseDecimal(site.gia_m2),
      placedBy: site.placed_by,
      placedInWater: isPlacedInWater(site.placed_by),
      dataVersion: site.data_version,
      updatedAt: site.updated_at.toISOString(),
      lon: Number(site.lon.toFixed(6)),
      lat: Number(site.lat.toFixed(6)),
      geometry: JSON.parse(site.geometry) as unknown,
      boundary: site.boundary === null ? null : (JSON.parse(site.boundary) as unknown),
      record: site.record,
    },
    status: site.status,
    homes: valuation?.homes ?? capacity?.homes ?? null,
    scores: score
      ? {
          scoreRunId: score.score_run_id,
          estateVersion: score.estate_version,
          modelVersion: score.model_version,
          computedAt: score.computed_at.toISOString(),
          siteDataVersion: score.site_data_version,
          conditionClass: score.condition_class,
          conditionScore: parseDecimal(score.condition_score),
          surplusScore: parseDecimal(score.surplus_score) ?? 0,
          condition: score.condition,
          surplus: score.surplus,
        }
      : null,
    surveyBlocks: blocks.map((b) => ({
      block: b.block,
      surveyDate: b.survey_date,
      uploadId: b.upload_id,
      record: b.record,
    })),
    valuation:
      valuation && restored
        ? {
            valuationId: valuation.id,
            siteDataVersion: valuation.site_data_version,
            current: valuation.site_data_version === site.data_version,
            conditionClass: valuation.condition_class,
            assumptionSetId: valuation.assumption_set_id,
            modelVersion: valuation.model_version,
            homes: valuation.homes,
            euvPence: parsePence(valuation.euv_pence),
            residualPence: parsePence(valuation.residual_pence),
            marketValuePence: parsePence(valuation.market_value_pence),
            netReceiptPence: parsePence(valuation.net_receipt_pence),
            working: restored.valuation,
            workingUnavailable: restored.workingUnavailable,
            computedAt: valuation.computed_at.toISOString(),
          }
        : null,
    openCase: openCase
      ? {
          caseId: openCase.id,
          stage: openCase.stage,
          version: openCase.version,
          openedAt: openCase.opened_at.toISOString(),
        }
      : null,
    practices: (await loadPracticesBySite(db, siteId)).get(siteId) ?? [],
  };
}
