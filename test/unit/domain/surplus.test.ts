import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSurplusAssumptions, surplusFigures } from '../../../src/domain/assumptions/scoring.js';
import type { SurplusContext } from '../../../src/domain/surplus-context.js';
import {
  isBetterCondition,
  linearSignal,
  scoreSurplus,
  type SurplusInput,
  type SurplusSiteFacts,
} from '../../../src/domain/surplus.js';

const BLANK: SurplusSiteFacts = {
  giaM2: null,
  occupancyPct: null,
  voidPct: null,
  emptyPct: null,
  underUsedPct: null,
  tenure: null,
  listed: null,
  yearBuilt: null,
  siteType: null,
  primaryUse: null,
  siteAreaHa: null,
  landOwnedHa: null,
  landNotDeliveringHa: null,
  clinicalM2: null,
  nonClinicalM2: null,
};
const PLACED: SurplusContext = { walkingCatchmentRadiusM: 800, nearbySites: [], need: null, nearestStationM: null };

const score = (site: Partial<SurplusSiteFacts>, over: Partial<Omit<SurplusInput, 'site'>> = {}) =>
  scoreSurplus({ site: { ...BLANK, ...site }, conditionClass: 'refurbish', context: PLACED, asOfYear: 2025, ...over });
const component = (v: ReturnType<typeof score>, key: string) => {
  const c = v.components.find((x) => x.key === key);
  if (!c) throw new Error(`no component ${key}`);
  return c;
};

describe('surplus assumptions', () => {
  it('weighs the components to 100 and labels every figure with its provenance', () => {
    expect(Object.values(defaultSurplusAssumptions().weights).reduce((s, w) => s + w, 0)).toBe(100);
    expect(surplusFigures.carterUnoccupiedPct).toMatchObject({ value: 2.5, provenance: 'sourced-secondary' });
    expect(surplusFigures.carterNonClinicalPct).toMatchObject({ value: 35, provenance: 'sourced-secondary' });
    expect(surplusFigures.weights.provenance).toBe('assumption');
    expect(surplusFigures.walkingCatchmentRadiusM).toMatchObject({ value: 800, provenance: 'assumption' });
  });

  it('draws a straight line between the zero and full points', () => {
    expect([
      linearSignal(2.5, 2.5, 50),
      linearSignal(26.25, 2.5, 50),
      linearSignal(50, 2.5, 50),
      linearSignal(99, 2.5, 50),
    ]).toEqual([0, 0.5, 1, 1]);
  });
});

describe('a site with no evidence', () => {
  it('scores 0, every component saying what is missing, and is a sale by default', () => {
    const v = score({}, { context: null });
    expect(v.score).toBe(0);
    expect(v.modelVersion).toBe('surplus-v2');
    expect(v.route).toBe('sale');
    expect(v.components.map((c) => [c.key, c.status, c.contribution])).toEqual([
      ['under-use', 'no-data', 0],
      ['non-clinical', 'no-data', 0],
      ['idle-land', 'no-data', 0],
      ['redundancy', 'not-loaded', 0],
      ['need', 'not-loaded', 0],
      ['developable-land', 'no-data', 0],
      ['station-access', 'not-loaded', 0],
    ]);
  });
});

describe('under-use against Carter 2.5%', () => {
  it('gives nothing at the ceiling, something just above, half at 26.25%, all 25 points from 50%', () => {
    expect(component(score({ emptyPct: 1.5, underUsedPct: 1 }), 'under-use').contribution).toBe(0);
    expect(component(score({ emptyPct: 1.5, underUsedPct: 1.1 }), 'under-use').contribution).toBe(0.1);
    expect(component(score({ voidPct: 26.25 }), 'under-use').contribution).toBe(12.5);
    const full = component(score({ occupancyPct: 50 }), 'under-use');
    expect(full).toMatchObject({ input: 50, benchmark: 2.5, contribution: 25, status: 'scored' });
    expect(full.explanation).toBe("50.0% of the floor area is unoccupied (occupancy), above Carter's 2.5% ceiling.");
  });
});

describe('non-clinical share against Carter 35%', () => {
  it('gives nothing at 35%, half at 52.5%, all 10 points from 70%', () => {
    expect(component(score({ clinicalM2: 650, nonClinicalM2: 350 }), 'non-clinical').contribution).toBe(0);
    expect(component(score({ clinicalM2: 475, nonClinicalM2: 525 }), 'non-clinical').contribution).toBe(5);
    expect(component(score({ clinicalM2: 300, nonClinicalM2: 700 }), 'non-clinical').contribution).toBe(10);
    expect(component(score({ clinicalM2: 300 }), 'non-clinical').status).toBe('no-data');
  });
});

describe('land not delivering services', () => {
  it('scales to 15 points at half the land idle', () => {
    expect(component(score({ landOwnedHa: 2, landNotDeliveringHa: 0 }), 'idle-land').contribution).toBe(0);
    expect(component(score({ landOwnedHa: 2, landNotDeliveringHa: 0.5 }), 'idle-land').contribution).toBe(7.5);
    expect(component(score({ landOwnedHa: 2, landNotDeliveringHa: 1 }), 'idle-land').contribution).toBe(15);
    expect(component(score({ landOwnedHa: 2, landNotDeliveringHa: 1 }), 'idle-land').explanation).toBe(
      '1.00 ha of the 2.00 ha owned (50%) delivers no services.',
    );
  });
});

describe('redundancy: better sites nearby with room', () => {
  const neighbour = (over: Partial<SurplusContext['nearbySites'][number]> = {}) => ({
    siteId: 2,
    distanceM: 300,
    overlapShare: 0.6,
    conditionClass: 'maintain' as const,
    spareCapacityM2: 1000,
    ...over,
  });
  const withNeighbours = (
    nearbySites: SurplusContext['nearbySites'],
    conditionClass: SurplusInput['conditionClass'] = 'rebuild',
  ) =>
    component(
      score({ giaM2: 1000, occupancyPct: 50 }, { conditionClass, context: { ...PLACED, nearbySites } }),
      'redundancy',
    );

  it('counts the overlap of a better site with enough spare room', () => {
    const c = withNeighbours([neighbour()]);
    expect(c.contribution).toBe(12);
    expect(c.explanation).toBe(
      '1 NHS site in better condition within 800 m could take its services (nearest 300 m away); together they cover 60% of its catchment.',
    );
  });

  it('scales down when the spare room is short, adds neighbours together, and caps at full points', () => {
    expect(withNeighbours([neighbour({ spareCapacityM2: 250 })]).contribution).toBe(6);
    expect(withNeighbours([neighbour(), neighbour({ siteId: 3, overlapShare: 0.3 })]).contribution).toBe(18);
    expect(withNeighbours([neighbour(), neighbour({ siteId: 3 })]).contribution).toBe(20);
  });

  it('ignores neighbours in the same or worse condition, unsurveyed ones, and those that do not report spare room', () => {
    expect(withNeighbours([neighbour({ conditionClass: 'rebuild' })]).contribution).toBe(0);
    expect(withNeighbours([neighbour({ conditionClass: 'not-surveyed' })]).contribution).toBe(0);
    const unknown = withNeighbours([neighbour({ spareCapacityM2: null })]);
    expect(unknown.contribution).toBe(0);
    expect(unknown.explanation).toBe(
      'No NHS site in better condition with spare room within 800 m. 1 more in better condition do not report spare room.',
    );
  });

  it('orders condition classes maintain > refurbish > rebuild; an unsurveyed site yields only to maintain', () => {
    expect(isBetterCondition('maintain', 'refurbish')).toBe(true);
    expect(isBetterCondition('refurbish', 'refurbish')).toBe(false);
    expect(isBetterCondition('rebuild', 'refurbish')).toBe(false);
    expect(isBetterCondition('maintain', 'not-surveyed')).toBe(true);
    expect(isBetterCondition('refurbish', 'not-surveyed')).toBe(false);
    expect(isBetterCondition('not-surveyed', 'rebuild')).toBe(false);
  });
});

describe('need: residents per m² of clinical space (benchmark 3.2)', () => {
  const needOf = (residents: number, clinicalM2: number) =>
    component(
      score({}, { context: { ...PLACED, need: { radiusM: 1600, residents, clinicalM2, sitesWithoutClinicalM2: 0 } } }),
      'need',
    );

  it('scores a well-provided area higher and an under-provided one lower', () => {
    expect(needOf(0, 10_000).contribution).toBe(10);
    expect(needOf(16_000, 10_000).contribution).toBe(7.5);
    expect(needOf(32_000, 10_000).contribution).toBe(5);
    expect(needOf(64_000, 10_000).contribution).toBe(0);
    expect(needOf(90_000, 10_000).contribution).toBe(0);
    expect(needOf(16_000, 10_000).explanation).toBe(
      '16,000 residents within 1,600 m share 10,000 m² of NHS clinical space: 1.6 per m², better provided than London (3.2).',
    );
  });

  it('says what is missing instead of guessing', () => {
    expect(component(score({}), 'need')).toMatchObject({
      status: 'not-loaded',
      contribution: 0,
      explanation: 'Population areas not loaded: local need not scored.',
    });
    expect(needOf(5000, 0).status).toBe('no-data');
  });
});

describe('housing potential', () => {
  it('takes the footprint as GIA over two storeys unless given, full points from 1 ha free', () => {
    const estimated = component(score({ siteAreaHa: 1.5, giaM2: 4000 }), 'developable-land');
    expect(estimated).toMatchObject({ input: 1.3, contribution: 12 });
    expect(estimated.explanation).toBe(
      'About 1.30 ha is free of buildings (site 1.50 ha, footprint 2,000 m² estimated as GIA over 2 storeys).',
    );
    expect(component(score({ siteAreaHa: 0.6, giaM2: 2000 }), 'developable-land').contribution).toBe(6);
    expect(
      component(score({ siteAreaHa: 0.6, giaM2: 2000, buildingFootprintM2: 6000 }), 'developable-land').contribution,
    ).toBe(0);
    expect(component(score({ landOwnedHa: 0.6, giaM2: 2000 }), 'developable-land').contribution).toBe(6);
    expect(component(score({ siteAreaHa: 0.6 }), 'developable-land').status).toBe('no-data');
  });

  it('counts a station within 800 m (London Plan H1), edge included', () => {
    const at = (d: number) =>
      component(score({}, { context: { ...PLACED, nearestStationM: d } }), 'station-access').contribution;
    expect([at(799.9), at(800), at(800.1)]).toEqual([8, 8, 0]);
    expect(component(score({}), 'station-access').status).toBe('not-loaded');
  });
});

describe('constraints', () => {
  const busy = { occupancyPct: 20, siteAreaHa: 2, giaM2: 2000 };

  it('makes a leasehold site a lease exit, never a sale', () => {
    const v = score({ ...busy, tenure: 'leasehold' });
    expect(v.route).toBe('lease exit');
    expect(v.blockers.map((b) => b.key)).toEqual(['leasehold']);
    expect(score({ ...busy, tenure: 'freehold' }).route).toBe('sale');
  });

  it('allows only part of an acute site to go', () => {
    expect(score({ siteType: '1. General acute hospital' }).route).toBe('part-site');
    expect(score({ siteType: '2. Specialist hospital (acute only)' }).route).toBe('part-site');
    expect(score({ siteType: '4. Mental Health (including Specialist services)' }).route).toBe('sale');
    expect(score({ siteType: '1. General acute hospital', tenure: 'leasehold' }).route).toBe('lease exit');
  });

  it('takes points off a listed building and a recent one', () => {
    const base = score(busy).score;
    expect(base).toBe(37);
    expect(score({ ...busy, listed: 'II' }).score).toBe(27);
    expect(score({ ...busy, listed: 'II*' }).score).toBe(12);
    expect(score({ ...busy, listed: 'I' }).score).toBe(12);
    expect(score({ ...busy, yearBuilt: 2016 }).score).toBe(22);
    expect(score({ ...busy, yearBuilt: 2015 }).score).toBe(base);
    expect(score({ ...busy, listed: 'I', yearBuilt: 2020 }).score).toBe(0);
  });
});

describe('scoreSurplus properties', () => {
  const pct = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null });
  const positive = fc.option(fc.double({ min: 0.01, max: 50_000, noNaN: true }), { nil: null });
  const facts = fc.record({
    giaM2: positive,
    occupancyPct: pct,
    voidPct: pct,
    emptyPct: pct,
    underUsedPct: pct,
    tenure: fc.constantFrom<SurplusSiteFacts['tenure']>('freehold', 'leasehold', null),
    listed: fc.constantFrom<SurplusSiteFacts['listed']>('I', 'II*', 'II', null),
    yearBuilt: fc.option(fc.integer({ min: 1850, max: 2025 }), { nil: null }),
    siteType: fc.constantFrom<string | null>(null, '1. General acute hospital', '8. Other inpatient'),
    primaryUse: fc.constant(null),
    siteAreaHa: fc.option(fc.double({ min: 0.01, max: 20, noNaN: true }), { nil: null }),
    landOwnedHa: fc.option(fc.double({ min: 0.01, max: 20, noNaN: true }), { nil: null }),
    landNotDeliveringHa: fc.option(fc.double({ min: 0, max: 20, noNaN: true }), { nil: null }),
    clinicalM2: positive,
    nonClinicalM2: positive,
  });

  it('keeps every contribution within its weight and the score equal to their sum less penalties, within 0–100', () => {
    fc.assert(
      fc.property(facts, fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: null }), (site, stationM) => {
        const v = scoreSurplus({
          site,
          conditionClass: 'refurbish',
          context: { ...PLACED, nearestStationM: stationM },
          asOfYear: 2025,
        });
        for (const c of v.components) {
          expect(c.contribution).toBeGreaterThanOrEqual(0);
          expect(c.contribution).toBeLessThanOrEqual(c.weight);
          if (c.status !== 'scored') expect(c.contribution).toBe(0);
        }
        const net =
          v.components.reduce((s, c) => s + c.contribution, 0) - v.blockers.reduce((s, b) => s + b.penaltyPoints, 0);
        expect(v.score).toBeCloseTo(Math.min(100, Math.max(0, net)), 6);
        expect(v.route === 'sale').toBe(site.tenure !== 'leasehold' && site.siteType !== '1. General acute hospital');
      }),
    );
  });
});
