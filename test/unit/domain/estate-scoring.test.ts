import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSurplusAssumptions } from '../../../src/domain/assumptions/scoring.js';
import { classifyCondition, describeCondition } from '../../../src/domain/condition.js';
import {
  eachSiteScore,
  scoreEstateSites,
  type EstateForScoring,
  type EstateSiteForScoring,
} from '../../../src/domain/estate-scoring.js';
import type { Grade, SiteRecord, SurveyBlockRecord } from '../../../src/domain/records.js';
import { buildSurplusContexts } from '../../../src/domain/surplus-context.js';
import { scoreSurplus } from '../../../src/domain/surplus.js';

// Hand-written registers: the scoring only reads the floor-use, land and age facts, so names and addresses stay empty.
const E0 = 530_000;
const N0 = 180_000;
function record(ref: string, over: Partial<SiteRecord>): SiteRecord {
  return {
    source: 'nhsps',
    sourceRef: ref,
    name: null,
    address: null,
    postcode: null,
    location: null,
    localAuthority: null,
    tenure: 'freehold',
    siteAreaHa: 0.4,
    giaM2: 1200,
    primaryUse: 'Health centre',
    yearBuilt: 1975,
    listed: null,
    annualRunningCostPence: null,
    occupancyPct: 80,
    voidPct: null,
    emptyPct: null,
    underUsedPct: null,
    clinicalM2: 600,
    nonClinicalM2: 300,
    landOwnedHa: null,
    landNotDeliveringHa: null,
    notFunctionallySuitablePct: null,
    backlogPence: null,
    siteType: null,
    attributes: {},
    ...over,
  };
}
const block = (siteRef: string, physical: Grade): SurveyBlockRecord => ({
  siteRef,
  block: 'main',
  surveyDate: '2024-06-01',
  surveyor: null,
  giaM2: 1200,
  yearBuilt: 1975,
  physical,
  replaceOnly: false,
  functional: 'B',
  spaceUtilisation: null,
  quality: null,
  statutory: null,
  environmental: null,
  backlogPence: { high: 0, significant: 0, moderate: 0, low: 0 },
});

/** The rule written out the long way (every verdict and context held at once), as the step did before it streamed. */
function scoreAllAtOnce(estate: EstateForScoring) {
  const assumptions = defaultSurplusAssumptions();
  const conditions = estate.sites.map((s) =>
    classifyCondition(estate.surveysBySiteRef.get(s.sourceRef) ?? [], s.record),
  );
  const contexts = buildSurplusContexts(
    estate.sites.map((s, i) => ({
      ...s.record,
      siteId: s.siteId,
      point: s.point,
      conditionClass: conditions[i]!.conditionClass,
    })),
    estate.population.map((p) => ({ code: p.code, centroid: p.point, residents: p.residents })),
    estate.stations,
    assumptions,
  );
  return estate.sites.map((s, i) => {
    const condition = conditions[i]!;
    const context = contexts.get(s.siteId)!;
    const surplus = scoreSurplus(
      {
        site: { ...s.record, buildingFootprintM2: null },
        conditionClass: condition.conditionClass,
        context,
        asOfYear: estate.asOfYear,
      },
      assumptions,
    );
    return {
      siteId: s.siteId,
      siteDataVersion: s.dataVersion,
      conditionClass: condition.conditionClass,
      conditionScore: condition.score,
      surplusScore: surplus.score,
      condition: { ...condition, summary: describeCondition(condition) },
      surplus: { ...surplus, nearestStationM: context.nearestStationM },
    };
  });
}

const siteArb = fc.record({
  dxM: fc.integer({ min: -3000, max: 3000 }),
  dyM: fc.integer({ min: -3000, max: 3000 }),
  occupancyPct: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  giaM2: fc.option(fc.integer({ min: 50, max: 20_000 }), { nil: null }),
  yearBuilt: fc.integer({ min: 1850, max: 2025 }),
  tenure: fc.constantFrom('freehold' as const, 'leasehold' as const),
  physical: fc.option(fc.constantFrom<Grade>('A', 'B', 'C', 'D'), { nil: null }),
});

type DrawnSite = typeof siteArb extends fc.Arbitrary<infer T> ? T : never;

function estateOf(drawn: readonly DrawnSite[]): EstateForScoring {
  const sites: EstateSiteForScoring[] = drawn.map((d, i) => ({
    siteId: i + 1,
    sourceRef: `S${i}`,
    dataVersion: 1,
    point: { eastingM: E0 + d.dxM, northingM: N0 + d.dyM },
    record: record(`S${i}`, { occupancyPct: d.occupancyPct, giaM2: d.giaM2, yearBuilt: d.yearBuilt, tenure: d.tenure }),
  }));
  const surveys = new Map(
    drawn.flatMap((d, i) => (d.physical ? [[`S${i}`, [block(`S${i}`, d.physical)]] as const] : [])),
  );
  return {
    sites,
    surveysBySiteRef: surveys,
    population: [{ code: 'E00000001', point: { eastingM: E0, northingM: N0 }, residents: 5000 }],
    stations: [{ eastingM: E0 + 700, northingM: N0 }],
    asOfYear: 2026,
  };
}

describe('scoring the estate site by site', () => {
  it('gives exactly the scores of the whole-estate rule, in the estate order', () => {
    fc.assert(
      fc.property(fc.array(siteArb, { minLength: 1, maxLength: 30 }), (drawn) => {
        const estate = estateOf(drawn);
        expect([...eachSiteScore(estate)]).toEqual(scoreAllAtOnce(estate));
        expect(scoreEstateSites(estate)).toEqual(scoreAllAtOnce(estate));
      }),
      { numRuns: 60 },
    );
  });

  it('lets a caller take the first scores without making the rest', () => {
    const estate = estateOf(
      Array.from({ length: 5 }, (_, i) => ({
        dxM: i * 100,
        dyM: 0,
        occupancyPct: 50,
        giaM2: 1000,
        yearBuilt: 1970,
        tenure: 'freehold' as const,
        physical: 'C' as const,
      })),
    );
    const scores = eachSiteScore(estate);
    const first = scores.next();
    expect(first.done).toBe(false);
    expect(first.value).toEqual(scoreAllAtOnce(estate)[0]);
  });
});
