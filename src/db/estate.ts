import { sql, type RawBuilder } from 'kysely';
import type { BngPoint, SurveyBlockRecord } from '../domain/records.js';
import type { EstateSiteForScoring, ScoringRecord } from '../domain/estate-scoring.js';
import type { OccupyingPractice, PracticeStatus } from '../domain/occupiers.js';
import type { Executor } from './connect.js';

/**
 * `sites.record` (alias s) cut down in SQL to the named fields and attributes, as jsonb: a step
 * that reads a few facts of 100,000 records need not hold their names, addresses and the rest.
 */
export function recordCutDown(fields: readonly string[], attributes: readonly string[]): RawBuilder<unknown> {
  const pairs = fields.map((field) => sql`${sql.lit(field)}::text, s.record -> ${sql.lit(field)}::text`);
  const attributePairs = attributes.map(
    (name) => sql`${sql.lit(name)}::text, s.record -> 'attributes' -> ${sql.lit(name)}::text`,
  );
  return sql`jsonb_build_object(${sql.join(pairs)}) || jsonb_build_object('attributes', jsonb_build_object(${sql.join(attributePairs)}))`;
}

/** Every field of ScoringRecord but attributes: a field the type gains and this list lacks does not compile. */
const scoringFields: { [K in Exclude<keyof ScoringRecord, 'attributes'>]: true } = {
  tenure: true,
  listed: true,
  yearBuilt: true,
  siteType: true,
  primaryUse: true,
  siteAreaHa: true,
  landOwnedHa: true,
  landNotDeliveringHa: true,
  clinicalM2: true,
  nonClinicalM2: true,
  giaM2: true,
  occupancyPct: true,
  voidPct: true,
  emptyPct: true,
  underUsedPct: true,
  backlogPence: true,
  notFunctionallySuitablePct: true,
};

/**
 * The sites as the score step reads them: each record cut down in SQL to the facts the rules
 * use. Names, addresses and the rest of the attributes were two fifths of the estate's heap at
 * 100,000 sites, held for the whole step.
 */
export async function loadSitesForScoring(db: Executor): Promise<EstateSiteForScoring[]> {
  const result = await sql<{
    id: number;
    source_ref: string;
    data_version: number;
    record: ScoringRecord;
    e: number;
    n: number;
  }>`
    SELECT s.id, s.source_ref, s.data_version, ST_X(s.geom) AS e, ST_Y(s.geom) AS n,
           ${recordCutDown(Object.keys(scoringFields), ['buildingFootprintM2'])} AS record
    FROM sites s
    ORDER BY s.id
  `.execute(db);
  return result.rows.map((r) => ({
    siteId: r.id,
    sourceRef: r.source_ref,
    dataVersion: r.data_version,
    record: r.record,
    point: { eastingM: r.e, northingM: r.n },
  }));
}

/** Each site's current survey: for every block, its most recent survey. */
export async function loadSurveyBlocksBySite(db: Executor): Promise<Map<string, SurveyBlockRecord[]>> {
  const result = await sql<{ site_ref: string; record: SurveyBlockRecord }>`
    SELECT DISTINCT ON (site_ref, block) site_ref, record
    FROM survey_blocks
    ORDER BY site_ref, block, survey_date DESC
  `.execute(db);
  const bySite = new Map<string, SurveyBlockRecord[]>();
  for (const row of result.rows) {
    const blocks = bySite.get(row.site_ref) ?? [];
    blocks.push(row.record);
    bySite.set(row.site_ref, blocks);
  }
  return bySite;
}

export interface PopulationPoint {
  code: string;
  point: BngPoint;
  residents: number;
}

export async function loadPopulationPoints(db: Executor): Promise<PopulationPoint[]> {
  const result = await sql<{ code: string; e: number; n: number; residents: number }>`
    SELECT code, ST_X(centroid) AS e, ST_Y(centroid) AS n, residents FROM population_areas ORDER BY code
  `.execute(db);
  return result.rows.map((r) => ({ code: r.code, point: { eastingM: r.e, northingM: r.n }, residents: r.residents }));
}

export interface StationPoint {
  code: string;
  name: string;
  point: BngPoint;
}

export async function loadStationPoints(db: Executor): Promise<StationPoint[]> {
  const result = await sql<{ code: string; name: string; e: number; n: number }>`
    SELECT code, name, ST_X(geom) AS e, ST_Y(geom) AS n FROM stations ORDER BY code
  `.execute(db);
  return result.rows.map((r) => ({ code: r.code, name: r.name, point: { eastingM: r.e, northingM: r.n } }));
}

/** The GP practices occupying each site (migration 0470's view), in code order; one site's when asked. */
export async function loadPracticesBySite(db: Executor, siteId?: number): Promise<Map<number, OccupyingPractice[]>> {
  const result = await sql<{
    site_id: number;
    ods_code: string;
    name: string;
    status: PracticeStatus | null;
    close_date: string | null;
    linked_by: OccupyingPractice['linkedBy'];
  }>`
    SELECT site_id, ods_code, name, status, to_char(close_date, 'YYYY-MM-DD') AS close_date, linked_by
    FROM site_practices ${siteId === undefined ? sql`` : sql`WHERE site_id = ${siteId}`}
    ORDER BY site_id, ods_code
  `.execute(db);
  const bySite = new Map<number, OccupyingPractice[]>();
  for (const r of result.rows) {
    const practices = bySite.get(r.site_id) ?? [];
    practices.push({
      odsCode: r.ods_code,
      name: r.name,
      status: r.status,
      closeDate: r.close_date,
      linkedBy: r.linked_by,
    });
    bySite.set(r.site_id, practices);
  }
  return bySite;
}
