import type { ListedGrade } from '../records.js';
import type { ConditionClass } from './condition.js';
import { figure, valuesOf, type Figure } from './figure.js';

/**
 * Weights, thresholds and benchmarks of the surplus score and the ranking (DOMAIN §4). Only Carter's two
 * ceilings and London Plan H1's 800 m are published figures; everything else is our assumption, to be
 * reviewed by the Board, and says so.
 */

export type SurplusComponentKey =
  | 'under-use'
  | 'non-clinical'
  | 'idle-land'
  | 'redundancy'
  | 'need'
  | 'developable-land'
  | 'station-access';

export type DisposalRoute = 'sale' | 'part-site' | 'lease exit';

const OURS = 'none: our assumption';
const CARTER =
  'Lord Carter, Operational productivity and performance in English NHS acute hospitals (Feb 2016), via HSJ: plan for this by April 2020, ERIC 2014-15 base';

export const carterUnoccupiedPct = figure(
  2.5,
  '% of floor area empty or under-used (ceiling)',
  CARTER,
  'sourced-secondary',
);
export const carterNonClinicalPct = figure(35, '% of floor area non-clinical (ceiling)', CARTER, 'sourced-secondary');

/** Maximum points per component; they sum to 100, so a site with every signal at full scores 100. */
export const componentWeights = figure<Record<SurplusComponentKey, number>>(
  {
    'under-use': 25,
    'non-clinical': 10,
    'idle-land': 15,
    redundancy: 20,
    need: 10,
    'developable-land': 12,
    'station-access': 8,
  },
  'points',
  `${OURS}: under-use and neighbours able to take the services weigh most, as they say most directly that the site is not needed`,
  'assumption',
);

export const underUseFullSignalPct = figure(50, '% of floor area unoccupied for full points', OURS, 'assumption');
export const nonClinicalFullSignalPct = figure(70, '% non-clinical share for full points', OURS, 'assumption');
export const idleLandFullSignalPct = figure(
  50,
  '% of land owned not delivering services for full points',
  OURS,
  'assumption',
);

export const walkingCatchmentRadiusM = figure(800, 'metres', `${OURS}: about ten minutes' walk`, 'assumption');
/**
 * Residents are counted by population-area centroid; London's MSOA centroids are about 1.3 km apart, so an 800 m
 * circle often holds none. The need catchment is therefore twice the walking one.
 */
export const needCatchmentRadiusM = figure(
  1_600,
  'metres',
  `${OURS}: twice the walking catchment, so that MSOA centroids fall inside`,
  'assumption',
);
/**
 * Only the nearest neighbours are weighed for redundancy. Coverage is capped at 100%, and in London's densest
 * areas a handful of better-placed neighbours already reach it; weighing every site within 800 m made scoring
 * grow faster than n log n on dense estates (each neighbour costs a polygon intersection).
 */
export const nearbySitesConsidered = figure(
  12,
  'nearest sites within the walking catchment weighed for redundancy',
  OURS,
  'assumption',
);
export const residentsPerClinicalM2Benchmark = figure(
  3.2,
  'residents per m² of NHS clinical space',
  "none: our arithmetic, 8,173,941 London residents (2011 census, the MSOA file in data/reference) ÷ 2.53m m² clinical space on ERIC 2016-17's 144 London sites; secondary care only",
  'assumption',
);

export const developableFullSignalHa = figure(
  1,
  'hectares developable for full points',
  `${OURS}: about 79 homes at the GLA FOI release rate`,
  'assumption',
);
export const storeysWhenFootprintUnknown = figure(2, 'storeys (footprint = GIA ÷ storeys)', OURS, 'assumption');
export const stationWalkM = figure(
  800,
  'metres to the nearest rail station',
  'London Plan 2021 Policy H1: sites with PTAL 3–6 or within 800 m of a station or town centre boundary; used here as a PTAL proxy (our assumption)',
  'sourced',
);

export const recentBuildYears = figure(
  10,
  'years since built',
  `${OURS}: a building this new has years of use left; selling it wastes the capital`,
  'assumption',
);
export const recentBuildPenaltyPoints = figure(15, 'points off the surplus score', OURS, 'assumption');
export const listedPenaltyPoints = figure<Record<ListedGrade, number>>(
  { I: 25, 'II*': 25, II: 10 },
  'points off the surplus score',
  OURS,
  'assumption',
);
export const occupiersGonePoints = figure(
  20,
  'points added to the surplus score',
  `${OURS}: every GP practice occupying the site (ODS epraccur) has closed or gone dormant, so it may stand empty`,
  'assumption',
);
/** Site types (ERIC `Site Type`, register primary use) that carry acute or A&E services: no whole-site sale. */
export const acuteSiteTypePatterns = figure<string[]>(
  ['acute', 'a&e', 'accident and emergency', 'emergency department'],
  'case-insensitive text in the site type',
  `${OURS}: ERIC types 1 (general acute) and 2 (specialist, acute only)`,
  'assumption',
);

export const rankConditionBonusPoints = figure<Record<ConditionClass, number>>(
  { rebuild: 10, refurbish: 5, maintain: 0, 'not-surveyed': 0 },
  'priority points added to the surplus score',
  `${OURS}: selling a site that needs capital spent on it also avoids that spend`,
  'assumption',
);
export const rankRouteFactor = figure<Record<DisposalRoute, number>>(
  { sale: 1, 'part-site': 0.5, 'lease exit': 0.6 },
  'multiplier on priority',
  `${OURS}: a lease exit saves rent but releases no land; on an acute site only parts can go`,
  'assumption',
);

export interface SurplusAssumptions {
  weights: Record<SurplusComponentKey, number>;
  carterUnoccupiedPct: number;
  carterNonClinicalPct: number;
  underUseFullSignalPct: number;
  nonClinicalFullSignalPct: number;
  idleLandFullSignalPct: number;
  walkingCatchmentRadiusM: number;
  nearbySitesConsidered: number;
  needCatchmentRadiusM: number;
  residentsPerClinicalM2Benchmark: number;
  developableFullSignalHa: number;
  storeysWhenFootprintUnknown: number;
  stationWalkM: number;
  recentBuildYears: number;
  recentBuildPenaltyPoints: number;
  listedPenaltyPoints: Record<ListedGrade, number>;
  acuteSiteTypePatterns: string[];
  occupiersGonePoints: number;
}

export interface RankingAssumptions {
  conditionBonusPoints: Record<ConditionClass, number>;
  routeFactor: Record<DisposalRoute, number>;
}

/** v2: closed or dormant occupying GP practices are a reason, and all of them gone adds points. */
export const surplusModelVersion = 'surplus-v2';
export const rankingModelVersion = 'ranking-v1';

export const surplusFigures = {
  weights: componentWeights,
  carterUnoccupiedPct,
  carterNonClinicalPct,
  underUseFullSignalPct,
  nonClinicalFullSignalPct,
  idleLandFullSignalPct,
  walkingCatchmentRadiusM,
  nearbySitesConsidered,
  needCatchmentRadiusM,
  residentsPerClinicalM2Benchmark,
  developableFullSignalHa,
  storeysWhenFootprintUnknown,
  stationWalkM,
  recentBuildYears,
  recentBuildPenaltyPoints,
  listedPenaltyPoints,
  acuteSiteTypePatterns,
  occupiersGonePoints,
} satisfies { [K in keyof SurplusAssumptions]: Figure<SurplusAssumptions[K]> };

export const rankingFigures = {
  conditionBonusPoints: rankConditionBonusPoints,
  routeFactor: rankRouteFactor,
} satisfies { [K in keyof RankingAssumptions]: Figure<RankingAssumptions[K]> };

export const defaultSurplusAssumptions = (): SurplusAssumptions => valuesOf<SurplusAssumptions>(surplusFigures);
export const defaultRankingAssumptions = (): RankingAssumptions => valuesOf<RankingAssumptions>(rankingFigures);
