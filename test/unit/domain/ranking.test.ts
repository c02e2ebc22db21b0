import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionClass } from '../../../src/domain/assumptions/condition.js';
import type { DisposalRoute } from '../../../src/domain/assumptions/scoring.js';
import { classifyCondition, describeCondition } from '../../../src/domain/condition.js';
import {
  disposalOrder,
  disposalPriority,
  rankedSite,
  rankSites,
  topReasons,
  type RankingEntry,
} from '../../../src/domain/ranking.js';
import type { Grade, SurveyBlockRecord, Tenure } from '../../../src/domain/records.js';
import { buildSurplusContexts } from '../../../src/domain/surplus-context.js';
import { scoreSurplus, type SurplusComponent, type SurplusVerdict } from '../../../src/domain/surplus.js';

function verdict(score: number, route: DisposalRoute = 'sale', components: SurplusComponent[] = []): SurplusVerdict {
  return {
    score,
    components,
    blockers: [],
    route,
    occupiersGone: [],
    occupiersGonePoints: 0,
    modelVersion: 'surplus-v2',
  };
}
const entry = (
  sourceRef: string,
  score: number,
  conditionClass: ConditionClass = 'maintain',
  route: DisposalRoute = 'sale',
  source = 'nhsps',
): RankingEntry => ({
  siteId: sourceRef,
  source,
  sourceRef,
  conditionClass,
  surplus: verdict(score, route),
});

describe('disposal priority', () => {
  it('adds the condition bonus, then scales by the route', () => {
    expect(disposalPriority(entry('a', 40, 'rebuild'))).toBe(50);
    expect(disposalPriority(entry('a', 40, 'refurbish'))).toBe(45);
    expect(disposalPriority(entry('a', 40, 'maintain'))).toBe(40);
    expect(disposalPriority(entry('a', 40, 'not-surveyed'))).toBe(40);
    expect(disposalPriority(entry('a', 40, 'rebuild', 'lease exit'))).toBe(30);
    expect(disposalPriority(entry('a', 40, 'rebuild', 'part-site'))).toBe(25);
  });

  it('breaks ties by source, then source reference, whatever the input order', () => {
    const ranked = rankSites([
      entry('B2', 10, 'maintain', 'sale', 'nhsps'),
      entry('A1', 10, 'maintain', 'sale', 'nhsps'),
      entry('Z9', 10, 'maintain', 'sale', 'chp'),
      entry('Q', 11),
    ]);
    expect(ranked.map((r) => [r.rank, r.source, r.sourceRef])).toEqual([
      [1, 'nhsps', 'Q'],
      [2, 'chp', 'Z9'],
      [3, 'nhsps', 'A1'],
      [4, 'nhsps', 'B2'],
    ]);
  });

  it('refuses a site given twice', () => {
    expect(() => rankSites([entry('A1', 1), entry('A1', 2)])).toThrow(/given twice/);
  });
});

describe('top reasons', () => {
  const c = (key: SurplusComponent['key'], contribution: number): SurplusComponent => ({
    key,
    label: key,
    status: 'scored',
    input: 1,
    benchmark: 1,
    unit: 'x',
    weight: 25,
    contribution,
    explanation: `${key} gives ${contribution}`,
  });

  it('takes the three largest scored components, ties in model order', () => {
    const e = {
      ...entry('a', 0),
      surplus: verdict(0, 'sale', [
        c('under-use', 5),
        c('non-clinical', 0),
        c('idle-land', 9),
        c('redundancy', 5),
        c('need', 2),
      ]),
    };
    expect(topReasons(e)).toEqual(['idle-land gives 9', 'under-use gives 5', 'redundancy gives 5']);
  });

  it('fills up with what holds the site back, then the condition', () => {
    const e: RankingEntry = {
      ...entry('a', 0),
      conditionReason: 'Condition maintain.',
      surplus: {
        ...verdict(0, 'lease exit', [c('under-use', 5)]),
        blockers: [
          { key: 'leasehold', effect: 'lease-exit', penaltyPoints: 0, input: 'leasehold', explanation: 'Leasehold.' },
        ],
      },
    };
    expect(topReasons(e)).toEqual(['under-use gives 5', 'Leasehold.', 'Condition maintain.']);
  });
});

describe('a small hand-made estate', () => {
  const E0 = 530_000;
  const N0 = 180_000;
  interface HandSite {
    ref: string;
    dxM: number;
    physical: Grade;
    functional: Grade;
    occupancyPct: number;
    giaM2: number;
    siteAreaHa: number;
    yearBuilt: number;
    tenure: Tenure;
  }
  const estate: HandSite[] = [
    // An empty, decaying clinic…
    {
      ref: 'CLINIC',
      dxM: 0,
      physical: 'D',
      functional: 'C',
      occupancyPct: 10,
      giaM2: 600,
      siteAreaHa: 0.3,
      yearBuilt: 1962,
      tenure: 'freehold',
    },
    // …250 m from a new, busy health centre with room to take its patients.
    {
      ref: 'CENTRE',
      dxM: 250,
      physical: 'A',
      functional: 'A',
      occupancyPct: 90,
      giaM2: 3000,
      siteAreaHa: 0.5,
      yearBuilt: 2021,
      tenure: 'freehold',
    },
    // An empty leasehold building: strong evidence, but only a lease exit.
    {
      ref: 'LEASED',
      dxM: 5000,
      physical: 'C',
      functional: 'C',
      occupancyPct: 0,
      giaM2: 1000,
      siteAreaHa: 1,
      yearBuilt: 1980,
      tenure: 'leasehold',
    },
    {
      ref: 'SOUND',
      dxM: 9000,
      physical: 'B',
      functional: 'B',
      occupancyPct: 97,
      giaM2: 5000,
      siteAreaHa: 0.6,
      yearBuilt: 1995,
      tenure: 'freehold',
    },
  ];
  const blockOf = (s: HandSite): SurveyBlockRecord => ({
    siteRef: s.ref,
    block: 'main',
    surveyDate: '2024-06-01',
    surveyor: null,
    giaM2: s.giaM2,
    yearBuilt: s.yearBuilt,
    physical: s.physical,
    replaceOnly: false,
    functional: s.functional,
    spaceUtilisation: null,
    quality: null,
    statutory: null,
    environmental: null,
    backlogPence: { high: 0, significant: 0, moderate: 0, low: 0 },
  });
  const noUse = { voidPct: null, emptyPct: null, underUsedPct: null };
  const conditions = new Map(
    estate.map((s) => [
      s.ref,
      classifyCondition([blockOf(s)], {
        giaM2: s.giaM2,
        backlogPence: null,
        notFunctionallySuitablePct: null,
        yearBuilt: s.yearBuilt,
      }),
    ]),
  );
  const classOf = (ref: string): ConditionClass => conditions.get(ref)?.conditionClass ?? 'not-surveyed';
  const contexts = buildSurplusContexts(
    estate.map((s) => ({
      ...noUse,
      siteId: s.ref,
      point: { eastingM: E0 + s.dxM, northingM: N0 },
      conditionClass: classOf(s.ref),
      giaM2: s.giaM2,
      clinicalM2: null,
      occupancyPct: s.occupancyPct,
    })),
    null,
    null,
    { walkingCatchmentRadiusM: 800, needCatchmentRadiusM: 1600, nearbySitesConsidered: 12 },
  );
  const entries: RankingEntry[] = estate.map((s) => {
    const condition = conditions.get(s.ref);
    const surplus = scoreSurplus({
      site: {
        ...noUse,
        giaM2: s.giaM2,
        occupancyPct: s.occupancyPct,
        tenure: s.tenure,
        listed: null,
        yearBuilt: s.yearBuilt,
        siteType: null,
        primaryUse: 'Health centre',
        siteAreaHa: s.siteAreaHa,
        landOwnedHa: null,
        landNotDeliveringHa: null,
        clinicalM2: null,
        nonClinicalM2: null,
      },
      conditionClass: classOf(s.ref),
      context: contexts.get(s.ref) ?? null,
      asOfYear: 2025,
    });
    return {
      siteId: s.ref,
      source: 'nhsps',
      sourceRef: s.ref,
      conditionClass: classOf(s.ref),
      conditionReason: condition && describeCondition(condition),
      surplus,
    };
  });
  const ranked = rankSites(entries);
  const byRef = new Map(ranked.map((r) => [r.sourceRef, r]));

  it('ranks the empty, decaying clinic first, above the new busy centre beside it', () => {
    expect(classOf('CLINIC')).toBe('rebuild');
    expect(classOf('CENTRE')).toBe('maintain');
    expect(ranked.map((r) => r.sourceRef)).toEqual(['CLINIC', 'LEASED', 'SOUND', 'CENTRE']);
    expect(byRef.get('CLINIC')?.reasons).toEqual([
      "90.0% of the floor area is unoccupied (occupancy), above Carter's 2.5% ceiling.",
      '1 NHS site in better condition within 800 m could take its services (nearest 250 m away); together they cover 80% of its catchment.',
      'About 0.27 ha is free of buildings (site 0.30 ha, footprint 300 m² estimated as GIA over 2 storeys).',
    ]);
  });

  it('never lists the leasehold site as a sale', () => {
    expect(byRef.get('LEASED')?.route).toBe('lease exit');
    expect(ranked.filter((r) => r.route === 'sale').map((r) => r.sourceRef)).toEqual(['CLINIC', 'SOUND', 'CENTRE']);
  });
});

describe('rankSites properties', () => {
  const entries = fc
    .uniqueArray(
      fc.record({
        source: fc.constantFrom('nhsps', 'chp', 'eric'),
        sourceRef: fc.string({ maxLength: 4 }),
        tenths: fc.integer({ min: 0, max: 1000 }),
        conditionClass: fc.constantFrom<ConditionClass>('rebuild', 'refurbish', 'maintain', 'not-surveyed'),
        route: fc.constantFrom<DisposalRoute>('sale', 'part-site', 'lease exit'),
      }),
      { selector: (e) => `${e.source}\u0000${e.sourceRef}`, maxLength: 60 },
    )
    .map((rows) => rows.map((r) => entry(r.sourceRef, r.tenths / 10, r.conditionClass, r.route, r.source)));

  it('is a total order: ranks 1..n, priorities never rise, equal priorities strictly ordered by key', () => {
    fc.assert(
      fc.property(entries, (input) => {
        const ranked = rankSites(input);
        expect(ranked.map((r) => r.rank)).toEqual(input.map((_, i) => i + 1));
        expect(new Set(ranked.map((r) => `${r.source}\u0000${r.sourceRef}`)).size).toBe(input.length);
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1], ranked[i]];
          if (!a || !b) throw new Error('gap');
          expect(a.priority).toBeGreaterThanOrEqual(b.priority);
          if (a.priority === b.priority)
            expect(a.source < b.source || (a.source === b.source && a.sourceRef < b.sourceRef)).toBe(true);
        }
      }),
    );
  });

  it('does not depend on input order and gives the same answer every time', () => {
    fc.assert(
      fc.property(entries, fc.array(fc.nat(), { maxLength: 60 }), (input, keys) => {
        const shuffled = input
          .map((e, i) => ({ e, k: keys[i] ?? i }))
          .sort((x, y) => x.k - y.k)
          .map(({ e }) => e);
        const reversed = [...input].reverse();
        const once = JSON.stringify(rankSites(input));
        expect(JSON.stringify(rankSites(shuffled))).toBe(once);
        expect(JSON.stringify(rankSites(reversed))).toBe(once);
        expect(JSON.stringify(rankSites(input))).toBe(once);
      }),
    );
  });
});

describe('ranking a large estate in slices', () => {
  const component = (key: SurplusComponent['key'], contribution: number): SurplusComponent => ({
    key,
    label: key,
    status: 'scored',
    input: 1,
    benchmark: 1,
    unit: 'x',
    weight: 25,
    contribution,
    explanation: `${key} gives ${contribution}`,
  });
  const entryArb = fc.record({
    score: fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
    conditionClass: fc.constantFrom<ConditionClass>('rebuild', 'refurbish', 'maintain', 'not-surveyed'),
    route: fc.constantFrom<DisposalRoute>('sale', 'lease exit', 'part-site'),
    source: fc.constantFrom('nhsps', 'chp', 'eric'),
    contributions: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }),
  });

  it('orders from score, route and class alone, and gives the same list when reasons are read afterwards from the components alone', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (drawn, sliceSize) => {
        const keys = ['under-use', 'idle-land', 'redundancy', 'need'] as const;
        const entries: RankingEntry[] = drawn.map((d, i) => ({
          siteId: i,
          source: d.source,
          sourceRef: `R${i}`,
          conditionClass: d.conditionClass,
          conditionReason: `Condition ${d.conditionClass}.`,
          surplus: verdict(
            d.score,
            d.route,
            d.contributions.map((c, k) => component(keys[k]!, c)),
          ),
        }));
        // What the rank step loads first: no components, no reasons.
        const order = disposalOrder(
          entries.map((e) => ({
            siteId: e.siteId,
            source: e.source,
            sourceRef: e.sourceRef,
            conditionClass: e.conditionClass,
            surplus: { score: e.surplus.score, route: e.surplus.route },
          })),
        );
        const sliced = [];
        for (let i = 0; i < order.length; i += sliceSize) {
          for (const place of order.slice(i, i + sliceSize)) {
            const full = entries[Number(place.entry.siteId)]!;
            // …then only what topReasons reads, as loadReasonEvidence selects it.
            const evidence = {
              surplus: {
                components: full.surplus.components.map((c) => ({
                  contribution: c.contribution,
                  explanation: c.explanation,
                })),
                blockers: full.surplus.blockers.map((b) => ({ explanation: b.explanation })),
              },
              conditionReason: full.conditionReason,
            };
            sliced.push(rankedSite(place, topReasons(evidence)));
          }
        }
        expect(sliced).toEqual(rankSites(entries));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a site given twice before any reasons are read', () => {
    const key = {
      siteId: 1,
      source: 'nhsps',
      sourceRef: 'A1',
      conditionClass: 'maintain' as const,
      surplus: { score: 1, route: 'sale' as const },
    };
    expect(() => disposalOrder([key, { ...key, siteId: 2 }])).toThrow(/given twice/);
  });
});
