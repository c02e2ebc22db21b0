import type { ConditionClass } from './assumptions/condition.js';
import {
  defaultSurplusAssumptions,
  surplusModelVersion,
  type DisposalRoute,
  type SurplusAssumptions,
  type SurplusComponentKey,
} from './assumptions/scoring.js';
import { judgeOccupiers, type OccupyingPractice, type PracticeGone } from './occupiers.js';
import type { ListedGrade, Tenure } from './records.js';
import { occupiedM2, unoccupiedPct, type FloorUse, type SurplusContext } from './surplus-context.js';

/**
 * The surplus score [A] (DOMAIN §4): 0–100, how strongly the evidence says a site is not needed for care and
 * could be released. Each component turns one piece of evidence into a 0–1 signal times its weight; evidence
 * that is missing contributes nothing, so a thin record scores low rather than being guessed up.
 */

export type { DisposalRoute, SurplusComponentKey } from './assumptions/scoring.js';

export type ComponentStatus = 'scored' | 'no-data' | 'not-loaded';

export interface SurplusComponent {
  key: SurplusComponentKey;
  label: string;
  status: ComponentStatus;
  /** The site's own figure, in `unit`; null when missing. */
  input: number | null;
  /** What the input is compared with, in `unit`. */
  benchmark: number | null;
  unit: string;
  /** Maximum points. */
  weight: number;
  /** Points given, 0 to weight. */
  contribution: number;
  explanation: string;
}

export type BlockerKey = 'leasehold' | 'acute-site' | 'listed-building' | 'recent-build';
export type BlockerEffect = 'lease-exit' | 'part-site-only' | 'lowers';

export interface SurplusBlocker {
  key: BlockerKey;
  effect: BlockerEffect;
  /** Points taken off the surplus score. */
  penaltyPoints: number;
  input: string | number;
  explanation: string;
}

export interface SurplusVerdict {
  score: number;
  components: SurplusComponent[];
  blockers: SurplusBlocker[];
  route: DisposalRoute;
  /** Occupying GP practices that closed or went dormant, each a reason with its date. */
  occupiersGone: PracticeGone[];
  /** Points for every occupying practice having gone (0 when one still practises there, or none is known). */
  occupiersGonePoints: number;
  modelVersion: typeof surplusModelVersion;
}

export interface SurplusSiteFacts extends FloorUse {
  tenure: Tenure | null;
  listed: ListedGrade | null;
  yearBuilt: number | null;
  siteType: string | null;
  primaryUse: string | null;
  siteAreaHa: number | null;
  landOwnedHa: number | null;
  landNotDeliveringHa: number | null;
  clinicalM2: number | null;
  nonClinicalM2: number | null;
  /** When the source gives it (ERIC 2015-16 `Building footprint`); otherwise estimated from GIA. */
  buildingFootprintM2?: number | null;
}

export interface SurplusInput {
  site: SurplusSiteFacts;
  conditionClass: ConditionClass;
  /** Null when the site has not been placed on the map. */
  context: SurplusContext | null;
  /** The calendar year scores are computed in, for "built within the last N years". */
  asOfYear: number;
  /** GP practices occupying the site (ODS epraccur), linked by ODS code or postcode; none when not loaded. */
  occupiers?: readonly OccupyingPractice[];
}

const LABELS: Record<SurplusComponentKey, string> = {
  'under-use': 'Unoccupied floor area',
  'non-clinical': 'Non-clinical share',
  'idle-land': 'Land not delivering services',
  redundancy: 'Nearby sites able to take the services',
  need: 'Residents per m² of clinical space',
  'developable-land': 'Developable land',
  'station-access': 'Station access',
};

/** 0 at or below zeroAt, 1 at or above fullAt, straight line between. */
export function linearSignal(value: number, zeroAt: number, fullAt: number): number {
  if (value <= zeroAt) return 0;
  if (value >= fullAt) return 1;
  return (value - zeroAt) / (fullAt - zeroAt);
}

/** Points are kept to one decimal: finer than any input deserves, coarse enough to read. */
export const roundPoints = (points: number): number => Math.round(points * 10) / 10;

const num = (n: number, dp = 0): string => {
  const [whole = '0', fraction] = (Math.round(n * 10 ** dp) / 10 ** dp).toFixed(dp).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
};

type Evidence = Omit<SurplusComponent, 'key' | 'label' | 'weight' | 'contribution'> & { signal: number };

const missing = (
  status: 'no-data' | 'not-loaded',
  unit: string,
  benchmark: number | null,
  explanation: string,
): Evidence => ({
  status,
  input: null,
  benchmark,
  unit,
  signal: 0,
  explanation,
});

function underUse(site: SurplusSiteFacts, a: SurplusAssumptions): Evidence {
  const unit = '% of floor area';
  const u = unoccupiedPct(site);
  if (!u)
    return missing(
      'no-data',
      unit,
      a.carterUnoccupiedPct,
      'No occupancy, void or empty / under-used figure: under-use not scored.',
    );
  const over = u.pct > a.carterUnoccupiedPct;
  return {
    status: 'scored',
    input: u.pct,
    benchmark: a.carterUnoccupiedPct,
    unit,
    signal: linearSignal(u.pct, a.carterUnoccupiedPct, a.underUseFullSignalPct),
    explanation: `${num(u.pct, 1)}% of the floor area is unoccupied (${u.basis}), ${over ? 'above' : 'within'} Carter's ${a.carterUnoccupiedPct}% ceiling.`,
  };
}

function nonClinical(site: SurplusSiteFacts, a: SurplusAssumptions): Evidence {
  const unit = '% non-clinical';
  const { clinicalM2, nonClinicalM2 } = site;
  if (clinicalM2 === null || nonClinicalM2 === null || clinicalM2 + nonClinicalM2 <= 0) {
    return missing(
      'no-data',
      unit,
      a.carterNonClinicalPct,
      'Clinical and non-clinical space not both given: non-clinical share not scored.',
    );
  }
  const share = (100 * nonClinicalM2) / (clinicalM2 + nonClinicalM2);
  return {
    status: 'scored',
    input: share,
    benchmark: a.carterNonClinicalPct,
    unit,
    signal: linearSignal(share, a.carterNonClinicalPct, a.nonClinicalFullSignalPct),
    explanation: `Non-clinical space is ${num(share, 1)}% of the floor area, ${share > a.carterNonClinicalPct ? 'above' : 'within'} Carter's ${a.carterNonClinicalPct}% ceiling.`,
  };
}

function idleLand(site: SurplusSiteFacts, a: SurplusAssumptions): Evidence {
  const unit = '% of land owned';
  const { landOwnedHa, landNotDeliveringHa } = site;
  if (landOwnedHa === null || landNotDeliveringHa === null || landOwnedHa <= 0) {
    return missing(
      'no-data',
      unit,
      null,
      'Land owned and land not delivering services not both given: idle land not scored.',
    );
  }
  const share = Math.min(100, (100 * landNotDeliveringHa) / landOwnedHa);
  return {
    status: 'scored',
    input: share,
    benchmark: a.idleLandFullSignalPct,
    unit,
    signal: linearSignal(share, 0, a.idleLandFullSignalPct),
    explanation: `${num(landNotDeliveringHa, 2)} ha of the ${num(landOwnedHa, 2)} ha owned (${num(share, 0)}%) delivers no services.`,
  };
}

const SURVEYED_RANK: Record<ConditionClass, number | null> = {
  maintain: 0,
  refurbish: 1,
  rebuild: 2,
  'not-surveyed': null,
};

/** A neighbour takes services only if it is known to be in better condition; an unsurveyed site can only lose to a `maintain` one. */
export function isBetterCondition(other: ConditionClass, self: ConditionClass): boolean {
  const theirs = SURVEYED_RANK[other];
  const ours = SURVEYED_RANK[self];
  if (theirs === null) return false;
  if (ours === null) return other === 'maintain';
  return theirs < ours;
}

function redundancy(input: SurplusInput): Evidence {
  const unit = '% of catchment covered';
  const { site, context, conditionClass } = input;
  if (!context) return missing('not-loaded', unit, null, 'Site not placed on the map: nearby sites not looked at.');
  const radius = `${num(context.walkingCatchmentRadiusM)} m`;
  const neededM2 = occupiedM2(site);
  if (neededM2 === null)
    return missing(
      'no-data',
      unit,
      null,
      'Floor area unknown: cannot tell whether nearby sites could take the services.',
    );
  const better = context.nearbySites.filter((n) => isBetterCondition(n.conditionClass, conditionClass));
  const able = better.filter((n) => neededM2 <= 0 || (n.spareCapacityM2 !== null && n.spareCapacityM2 > 0));
  // Several neighbours may share the load; each covers its overlap, scaled down when its spare room is short.
  const coverage = Math.min(
    1,
    able.reduce(
      (sum, n) => sum + n.overlapShare * (neededM2 <= 0 ? 1 : Math.min(1, (n.spareCapacityM2 as number) / neededM2)),
      0,
    ),
  );
  const unknownSpare = better.filter((n) => n.spareCapacityM2 === null).length;
  const unknownNote = unknownSpare > 0 ? ` ${unknownSpare} more in better condition do not report spare room.` : '';
  const nearest = able[0];
  const explanation = nearest
    ? `${able.length} NHS site${able.length === 1 ? '' : 's'} in better condition within ${radius} could take its services (nearest ${num(nearest.distanceM)} m away); together they cover ${num(coverage * 100)}% of its catchment.${unknownNote}`
    : `No NHS site in better condition with spare room within ${radius}.${unknownNote}`;
  return {
    status: 'scored',
    input: coverage * 100,
    benchmark: context.walkingCatchmentRadiusM,
    unit,
    signal: coverage,
    explanation,
  };
}

function need(input: SurplusInput, a: SurplusAssumptions): Evidence {
  const unit = 'residents per m² clinical';
  const b = a.residentsPerClinicalM2Benchmark;
  if (!input.context) return missing('not-loaded', unit, b, 'Site not placed on the map: local need not looked at.');
  const n = input.context.need;
  if (!n) return missing('not-loaded', unit, b, 'Population areas not loaded: local need not scored.');
  if (n.clinicalM2 <= 0)
    return missing(
      'no-data',
      unit,
      b,
      `No clinical floor area reported within ${num(n.radiusM)} m: local need not scored.`,
    );
  const ratio = n.residents / n.clinicalM2;
  // Few residents per m² means the area is well served, so losing this site matters less; many means it is under-provided.
  const signal = Math.max(0, Math.min(1, 1 - ratio / (2 * b)));
  const verdict = ratio < b ? 'better provided than' : ratio > b ? 'less well provided than' : 'as well provided as';
  const unknown =
    n.sitesWithoutClinicalM2 > 0
      ? ` (${n.sitesWithoutClinicalM2} site${n.sitesWithoutClinicalM2 === 1 ? '' : 's'} there do not report clinical space)`
      : '';
  return {
    status: 'scored',
    input: ratio,
    benchmark: b,
    unit,
    signal,
    explanation: `${num(n.residents)} residents within ${num(n.radiusM)} m share ${num(n.clinicalM2)} m² of NHS clinical space${unknown}: ${num(ratio, 1)} per m², ${verdict} London (${b}).`,
  };
}

function developableLand(site: SurplusSiteFacts, a: SurplusAssumptions): Evidence {
  const unit = 'ha';
  const areaHa = site.siteAreaHa ?? site.landOwnedHa;
  if (areaHa === null)
    return missing('no-data', unit, a.developableFullSignalHa, 'Site area unknown: developable land not scored.');
  const given = site.buildingFootprintM2 ?? null;
  const footprintM2 = given ?? (site.giaM2 === null ? null : site.giaM2 / a.storeysWhenFootprintUnknown);
  if (footprintM2 === null)
    return missing(
      'no-data',
      unit,
      a.developableFullSignalHa,
      'Neither building footprint nor floor area given: developable land not scored.',
    );
  const developableHa = Math.max(0, areaHa - footprintM2 / 10_000);
  const how = given === null ? `estimated as GIA over ${a.storeysWhenFootprintUnknown} storeys` : 'as given';
  return {
    status: 'scored',
    input: developableHa,
    benchmark: a.developableFullSignalHa,
    unit,
    signal: linearSignal(developableHa, 0, a.developableFullSignalHa),
    explanation: `About ${num(developableHa, 2)} ha is free of buildings (site ${num(areaHa, 2)} ha, footprint ${num(footprintM2)} m² ${how}).`,
  };
}

function stationAccess(input: SurplusInput, a: SurplusAssumptions): Evidence {
  const unit = 'm to the nearest station';
  if (!input.context)
    return missing('not-loaded', unit, a.stationWalkM, 'Site not placed on the map: station access not looked at.');
  const d = input.context.nearestStationM;
  if (d === null) return missing('not-loaded', unit, a.stationWalkM, 'Stations not loaded: station access not scored.');
  const within = d <= a.stationWalkM;
  return {
    status: 'scored',
    input: d,
    benchmark: a.stationWalkM,
    unit,
    signal: within ? 1 : 0,
    explanation: `The nearest rail station is ${num(d)} m away, ${within ? 'within' : 'beyond'} the ${num(a.stationWalkM)} m London Plan H1 uses to favour housing.`,
  };
}

function isAcute(site: SurplusSiteFacts, a: SurplusAssumptions): string | null {
  for (const text of [site.siteType, site.primaryUse]) {
    if (text !== null && a.acuteSiteTypePatterns.some((p) => text.toLowerCase().includes(p.toLowerCase()))) return text;
  }
  return null;
}

function constraints(input: SurplusInput, a: SurplusAssumptions): SurplusBlocker[] {
  const { site, asOfYear } = input;
  const blockers: SurplusBlocker[] = [];
  if (site.tenure === 'leasehold') {
    blockers.push({
      key: 'leasehold',
      effect: 'lease-exit',
      penaltyPoints: 0,
      input: 'leasehold',
      explanation: 'Leasehold: the NHS can exit the lease, not sell the land.',
    });
  }
  const acute = isAcute(site, a);
  if (acute !== null) {
    blockers.push({
      key: 'acute-site',
      effect: 'part-site-only',
      penaltyPoints: 0,
      input: acute,
      explanation: `Acute services (${acute}): no whole-site sale; only land the services do not need can go.`,
    });
  }
  if (site.listed !== null) {
    blockers.push({
      key: 'listed-building',
      effect: 'lowers',
      penaltyPoints: a.listedPenaltyPoints[site.listed],
      input: site.listed,
      explanation: `Grade ${site.listed} listed: consent needed and redevelopment limited.`,
    });
  }
  // "Within the last N years": built in one of the N calendar years up to and including asOfYear.
  if (site.yearBuilt !== null && asOfYear - site.yearBuilt < a.recentBuildYears) {
    blockers.push({
      key: 'recent-build',
      effect: 'lowers',
      penaltyPoints: a.recentBuildPenaltyPoints,
      input: site.yearBuilt,
      explanation: `Built in ${site.yearBuilt}, within the last ${a.recentBuildYears} years: selling it would waste recent capital.`,
    });
  }
  return blockers;
}

export function routeFor(blockers: readonly SurplusBlocker[]): DisposalRoute {
  if (blockers.some((b) => b.effect === 'lease-exit')) return 'lease exit';
  if (blockers.some((b) => b.effect === 'part-site-only')) return 'part-site';
  return 'sale';
}

export function scoreSurplus(
  input: SurplusInput,
  assumptions: SurplusAssumptions = defaultSurplusAssumptions(),
): SurplusVerdict {
  const a = assumptions;
  const partials: Record<SurplusComponentKey, Evidence> = {
    'under-use': underUse(input.site, a),
    'non-clinical': nonClinical(input.site, a),
    'idle-land': idleLand(input.site, a),
    redundancy: redundancy(input),
    need: need(input, a),
    'developable-land': developableLand(input.site, a),
    'station-access': stationAccess(input, a),
  };
  const components = (Object.keys(partials) as SurplusComponentKey[]).map((key): SurplusComponent => {
    const { signal, ...rest } = partials[key];
    const weight = a.weights[key];
    return { key, label: LABELS[key], ...rest, weight, contribution: roundPoints(weight * signal) };
  });
  const blockers = constraints(input, a);
  const occupiers = judgeOccupiers(input.occupiers ?? []);
  const occupiersGonePoints = occupiers.allGone ? a.occupiersGonePoints : 0;
  const gross = components.reduce((sum, c) => sum + c.contribution, 0) + occupiersGonePoints;
  const penalty = blockers.reduce((sum, b) => sum + b.penaltyPoints, 0);
  return {
    score: roundPoints(Math.min(100, Math.max(0, gross - penalty))),
    components,
    blockers,
    route: routeFor(blockers),
    occupiersGone: occupiers.gone,
    occupiersGonePoints,
    modelVersion: surplusModelVersion,
  };
}
