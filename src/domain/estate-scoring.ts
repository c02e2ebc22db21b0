import { conditionRuleVersion, defaultConditionAssumptions } from './assumptions/condition.js';
import { defaultSurplusAssumptions, surplusModelVersion } from './assumptions/scoring.js';
import { classifyCondition, describeCondition, type ConditionVerdict } from './condition.js';
import type { OccupyingPractice } from './occupiers.js';
import type { BngPoint, SiteRecord, SurveyBlockRecord } from './records.js';
import { prepareSurplusContexts, type PlacedSite } from './surplus-context.js';
import { scoreSurplus, type SurplusVerdict } from './surplus.js';

export const SCORE_MODEL_VERSION = `${conditionRuleVersion}+${surplusModelVersion}`;

/** The register facts the condition and surplus rules read; of the attributes, only buildingFootprintM2. */
export type ScoringRecord = Pick<
  SiteRecord,
  | 'tenure'
  | 'listed'
  | 'yearBuilt'
  | 'siteType'
  | 'primaryUse'
  | 'siteAreaHa'
  | 'landOwnedHa'
  | 'landNotDeliveringHa'
  | 'clinicalM2'
  | 'nonClinicalM2'
  | 'giaM2'
  | 'occupancyPct'
  | 'voidPct'
  | 'emptyPct'
  | 'underUsedPct'
  | 'backlogPence'
  | 'notFunctionallySuitablePct'
  | 'attributes'
>;

export interface EstateSiteForScoring {
  siteId: number;
  sourceRef: string;
  dataVersion: number;
  record: ScoringRecord;
  point: BngPoint;
}

export interface SiteScore {
  siteId: number;
  siteDataVersion: number;
  conditionClass: ConditionVerdict['conditionClass'];
  conditionScore: number | null;
  surplusScore: number;
  condition: ConditionVerdict & { summary: string };
  surplus: SurplusVerdict & { nearestStationM: number | null };
}

export interface EstateForScoring {
  sites: readonly EstateSiteForScoring[];
  surveysBySiteRef: ReadonlyMap<string, readonly SurveyBlockRecord[]>;
  population: ReadonlyArray<{ code: string; point: BngPoint; residents: number }>;
  stations: readonly BngPoint[];
  /** GP practices occupying each site (ODS epraccur), by site id; sites without any are absent. */
  practicesBySiteId?: ReadonlyMap<number, readonly OccupyingPractice[]>;
  asOfYear: number;
}

/**
 * Condition first (each site alone), then surplus with each site's surroundings, which need
 * every site's condition class. Pure: the same estate gives the same scores.
 */
export function scoreEstateSites(estate: EstateForScoring): SiteScore[] {
  return [...eachSiteScore(estate)];
}

/**
 * The same scores one site at a time, in the estate's order. Only condition classes and the
 * spatial indexes are held for the whole estate; each explained score (about 2.5 KB of
 * sentences at 100,000 sites) is made when asked for, so a caller can write and drop them in
 * chunks and let other work run between chunks.
 */
export function* eachSiteScore(estate: EstateForScoring): Generator<SiteScore, void, undefined> {
  const assumptions = defaultSurplusAssumptions();
  // One copy of the condition figures for the estate: a fresh copy per site cost 0.7 s at 100,000 sites.
  const conditionAssumptions = defaultConditionAssumptions();
  const conditionOf = (site: EstateSiteForScoring): ConditionVerdict =>
    classifyCondition(
      estate.surveysBySiteRef.get(site.sourceRef) ?? [],
      {
        giaM2: site.record.giaM2,
        backlogPence: site.record.backlogPence,
        notFunctionallySuitablePct: site.record.notFunctionallySuitablePct,
        yearBuilt: site.record.yearBuilt,
      },
      conditionAssumptions,
    );
  // Classes only: a neighbour's verdict is worked out again when its own turn comes, which is
  // cheaper than holding 100,000 verdicts with their notes.
  const placed: PlacedSite[] = estate.sites.map((site) => ({
    siteId: site.siteId,
    point: site.point,
    conditionClass: conditionOf(site).conditionClass,
    clinicalM2: site.record.clinicalM2,
    giaM2: site.record.giaM2,
    occupancyPct: site.record.occupancyPct,
    voidPct: site.record.voidPct,
    emptyPct: site.record.emptyPct,
    underUsedPct: site.record.underUsedPct,
  }));
  const contextOf = prepareSurplusContexts(
    placed,
    estate.population.map((p) => ({ code: p.code, centroid: p.point, residents: p.residents })),
    estate.stations,
    assumptions,
  );
  for (const [i, site] of estate.sites.entries()) {
    const condition = conditionOf(site);
    const context = contextOf(placed[i] as PlacedSite); // placed is estate.sites mapped, index for index
    const r = site.record;
    const surplus = scoreSurplus(
      {
        site: {
          tenure: r.tenure,
          listed: r.listed,
          yearBuilt: r.yearBuilt,
          siteType: r.siteType,
          primaryUse: r.primaryUse,
          siteAreaHa: r.siteAreaHa,
          landOwnedHa: r.landOwnedHa,
          landNotDeliveringHa: r.landNotDeliveringHa,
          clinicalM2: r.clinicalM2,
          nonClinicalM2: r.nonClinicalM2,
          buildingFootprintM2:
            typeof r.attributes.buildingFootprintM2 === 'number' ? r.attributes.buildingFootprintM2 : null,
          giaM2: r.giaM2,
          occupancyPct: r.occupancyPct,
          voidPct: r.voidPct,
          emptyPct: r.emptyPct,
          underUsedPct: r.underUsedPct,
        },
        conditionClass: condition.conditionClass,
        context,
        asOfYear: estate.asOfYear,
        occupiers: estate.practicesBySiteId?.get(site.siteId) ?? [],
      },
      assumptions,
    );
    yield {
      siteId: site.siteId,
      siteDataVersion: site.dataVersion,
      conditionClass: condition.conditionClass,
      conditionScore: condition.score,
      surplusScore: surplus.score,
      condition: { ...condition, summary: describeCondition(condition) },
      surplus: { ...surplus, nearestStationM: context.nearestStationM },
    };
  }
}
