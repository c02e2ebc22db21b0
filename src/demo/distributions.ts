import type { Grade } from '../domain/records.js';

/**
 * Every mix the demo estate draws from, in one place so docs/demo-estate.md can quote it line for line.
 * Weights need not sum to 100 (Random.pick normalises), but each table here does, so it reads as percentages.
 * Unless a comment names a source, a figure is our assumption [A], chosen to look like a London estate,
 * never stated as fact.
 */
export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

/**
 * CHP's share of the demo sites. Nationally CHP has ~350 buildings to NHSPS's ~2,900 (DOMAIN §2), i.e. 10.8%;
 * we over-weight it to 15% so a small demo still holds enough LIFT rows to exercise the CHP path.
 */
export const CHP_SHARE = 0.15;

/** Share of sites with a six-facet survey: enough to leave some sites "not surveyed" on purpose. */
export const SURVEYED_SHARE = 0.75;

/**
 * Physical condition by source. The estate-wide reference mix is DOMAIN §3's (A 12, B 40, B(C) 10, C 29, D 9).
 * LIFT buildings opened 2003–2014, so they get a better mix, and NHSPS the mix that keeps the weighted whole
 * (15% CHP, 85% NHSPS) on the reference: NHSPS_g = (reference_g − 0.15 × CHP_g) ÷ 0.85.
 */
export const REFERENCE_PHYSICAL_MIX: Weighted<Grade> = [
  ['A', 12],
  ['B', 40],
  ['B(C)', 10],
  ['C', 29],
  ['D', 9],
];
export const CHP_PHYSICAL_MIX: Weighted<Grade> = [
  ['A', 30],
  ['B', 50],
  ['B(C)', 10],
  ['C', 9],
  ['D', 1],
];
export const NHSPS_PHYSICAL_MIX: Weighted<Grade> = REFERENCE_PHYSICAL_MIX.map(([grade, reference]) => {
  const chp = CHP_PHYSICAL_MIX.find(([g]) => g === grade)?.[1] ?? 0;
  return [grade, (reference - CHP_SHARE * chp) / (1 - CHP_SHARE)] as const;
});

/** Functional suitability: DOMAIN §3's reference mix, drawn independently of physical condition. */
export type FacetGrade = Exclude<Grade, 'B(C)'>;
export const FUNCTIONAL_MIX: Weighted<FacetGrade> = [
  ['A', 25],
  ['B', 45],
  ['C', 22],
  ['D', 8],
];

/** Quality and environmental management are shown, never scored, so any plausible mix will do. */
export const QUALITY_MIX: Weighted<FacetGrade> = [
  ['A', 15],
  ['B', 45],
  ['C', 30],
  ['D', 10],
];
export const ENVIRONMENTAL_MIX: Weighted<FacetGrade> = [
  ['A', 10],
  ['B', 45],
  ['C', 35],
  ['D', 10],
];

/**
 * Statutory compliance by the block's physical grade: mostly A/B, worse in worse buildings (fire and access
 * failings travel with decay). Tying it to P keeps the C/D escalator mostly on blocks the matrix already puts
 * in refurbish or rebuild, so the rule's shares stay near 13% / 51%.
 */
export const STATUTORY_MIX_BY_PHYSICAL: Record<Grade, Weighted<FacetGrade>> = {
  A: [
    ['A', 35],
    ['B', 60],
    ['C', 5],
    ['D', 0],
  ],
  B: [
    ['A', 35],
    ['B', 60],
    ['C', 5],
    ['D', 0],
  ],
  'B(C)': [
    ['A', 15],
    ['B', 65],
    ['C', 18],
    ['D', 2],
  ],
  C: [
    ['A', 10],
    ['B', 55],
    ['C', 30],
    ['D', 5],
  ],
  D: [
    ['A', 5],
    ['B', 45],
    ['C', 38],
    ['D', 12],
  ],
};

/**
 * Backlog by the block's physical grade: £ per m² GIA as a triangular (low, mode, high) at 2016-17 prices, and
 * the share of it in each risk category (high, significant, moderate, low). Worse grades carry more, and more
 * of it urgent. D's mode sits just under the £400/m² rebuild escalator, so about half of D blocks pass it.
 */
export interface BacklogProfile {
  poundsPerM2: readonly [low: number, mode: number, high: number];
  shares: readonly [high: number, significant: number, moderate: number, low: number];
}
export const BACKLOG_BY_PHYSICAL: Record<Grade, BacklogProfile> = {
  A: { poundsPerM2: [0, 1, 5], shares: [0, 0, 0.3, 0.7] },
  B: { poundsPerM2: [2, 10, 30], shares: [0, 0.1, 0.4, 0.5] },
  'B(C)': { poundsPerM2: [15, 30, 70], shares: [0.05, 0.2, 0.45, 0.3] },
  C: { poundsPerM2: [30, 90, 250], shares: [0.15, 0.3, 0.35, 0.2] },
  D: { poundsPerM2: [150, 380, 700], shares: [0.35, 0.35, 0.2, 0.1] },
};

/**
 * Eras a building can date from, and their weights by physical grade, so older buildings tend to be in worse
 * condition (a mild correlation: every grade still spans every era but the newest for D).
 */
export const BUILD_ERAS: ReadonlyArray<readonly [firstYear: number, lastYear: number]> = [
  [1880, 1918],
  [1919, 1947],
  [1948, 1974],
  [1975, 1999],
  [2000, 2012],
  [2013, 2022],
];
export const ERA_WEIGHTS_BY_PHYSICAL: Record<Grade, readonly number[]> = {
  A: [2, 2, 10, 18, 38, 30],
  B: [5, 5, 25, 30, 27, 8],
  'B(C)': [9, 8, 30, 30, 20, 3],
  C: [12, 10, 33, 30, 14, 1],
  D: [20, 14, 36, 25, 5, 0],
};

/** Listed only where old enough to be: ~3% of NHSPS sites overall; LIFT buildings are new and never listed. */
export const LISTED_CHANCE_BY_ERA: readonly number[] = [0.28, 0.1, 0.004, 0.004, 0.004, 0];
/** Historic England's split of list entries: 2.5% grade I, 5.8% II*, 91.7% II. */
export const LISTED_GRADE_MIX: Weighted<'I' | 'II*' | 'II'> = [
  ['I', 2.5],
  ['II*', 5.8],
  ['II', 91.7],
];

/**
 * NHSPS primary uses and GIA in m² as triangular (low, mode, high): mostly health centres and surgeries
 * (PAC 2019, DOMAIN §2). The mix averages ~1,250 m² a property against ~1,100 implied by NHSPS's 2,900
 * properties holding ~12% of NHS floor space: close enough for a demo.
 */
export interface UseProfile {
  use: string;
  /** How a building of this use is named ("Oakfield Surgery"). */
  nameSuffix: string;
  weight: number;
  giaM2: readonly [low: number, mode: number, high: number];
}
export const NHSPS_USES: readonly UseProfile[] = [
  { use: 'GP surgery', nameSuffix: 'Surgery', weight: 34, giaM2: [250, 550, 1500] },
  { use: 'Health centre', nameSuffix: 'Health Centre', weight: 34, giaM2: [500, 1000, 3500] },
  { use: 'Community clinic', nameSuffix: 'Clinic', weight: 12, giaM2: [200, 500, 1500] },
  { use: 'Administrative office', nameSuffix: 'House', weight: 8, giaM2: [250, 700, 3000] },
  { use: 'Mental health unit', nameSuffix: 'Mental Health Unit', weight: 6, giaM2: [400, 1000, 3000] },
  { use: 'Community hospital', nameSuffix: 'Community Hospital', weight: 3, giaM2: [1500, 3000, 8000] },
  { use: "Children's centre", nameSuffix: "Children's Centre", weight: 3, giaM2: [200, 450, 1200] },
];
/** LIFT buildings are purpose-built primary care centres, larger than a surgery. */
export const CHP_GIA_M2: readonly [number, number, number] = [1000, 2000, 6000];

/** NHSPS is mostly freehold (it inherited PCT estate); CHP LIFTCos mostly hold headleases. */
export const NHSPS_TENURE_MIX: Weighted<'Freehold' | 'Leasehold'> = [
  ['Freehold', 75],
  ['Leasehold', 25],
];
export const CHP_TENURE_MIX: Weighted<'Freehold' | 'Leasehold'> = [
  ['Leasehold', 70],
  ['Freehold', 30],
];

/** Storeys, for site area from GIA: inner London builds up. */
export const STOREYS_INNER: Weighted<number> = [
  [1, 10],
  [2, 30],
  [3, 30],
  [4, 20],
  [5, 10],
];
export const STOREYS_OUTER: Weighted<number> = [
  [1, 30],
  [2, 40],
  [3, 20],
  [4, 8],
  [5, 2],
];
/** Share of the plot the building's footprint covers, triangular (low, mode, high). */
export const PLOT_COVERAGE: readonly [number, number, number] = [0.25, 0.5, 0.8];

/**
 * Occupancy (NHSPS, % of floor area occupied) and void (CHP, % empty), each a mixture of triangulars:
 * most buildings near full, a band under-used, a tail largely empty (the surplus candidates the product hunts).
 */
export interface MixtureBand {
  weight: number;
  pct: readonly [low: number, mode: number, high: number];
}
export const NHSPS_OCCUPANCY_BANDS: readonly MixtureBand[] = [
  { weight: 70, pct: [85, 97, 100] },
  { weight: 22, pct: [50, 75, 90] },
  { weight: 8, pct: [0, 30, 60] },
];
export const CHP_VOID_BANDS: readonly MixtureBand[] = [
  { weight: 65, pct: [0, 2, 10] },
  { weight: 25, pct: [5, 15, 35] },
  { weight: 10, pct: [25, 45, 80] },
];

/** NHSPS annual running cost, £ per m² GIA a year, triangular; inner London costs 20% more. */
export const RUNNING_COST_GBP_PER_M2: readonly [number, number, number] = [80, 140, 260];
export const INNER_LONDON_COST_FACTOR = 1.2;

/** LIFT buildings opened over the programme's build years, on 20–25 year headleases. */
export const CHP_OPENED_YEARS: readonly [first: number, last: number] = [2003, 2014];
export const CHP_LEASE_YEARS: readonly [min: number, max: number] = [20, 25];

/** Survey dates fall in a recent window, as a rolling five-yearly programme would leave them. */
export const SURVEY_YEARS: readonly [first: number, last: number] = [2016, 2023];

/** Survey blocks per site, by site GIA: small surgeries are one building, large centres have annexes. */
export const BLOCK_COUNT_BY_SIZE: ReadonlyArray<readonly [maxGiaM2: number, weights: Weighted<number>]> = [
  [
    500,
    [
      [1, 70],
      [2, 25],
      [3, 5],
    ],
  ],
  [
    2000,
    [
      [1, 40],
      [2, 35],
      [3, 18],
      [4, 7],
    ],
  ],
  [
    Infinity,
    [
      [1, 20],
      [2, 35],
      [3, 25],
      [4, 20],
    ],
  ],
];

/** A block that does not set the site's median grade: the same grade, or one step either way. */
export const NEIGHBOUR_GRADE_STEP: Weighted<-1 | 0 | 1> = [
  [-1, 25],
  [0, 50],
  [1, 25],
];

export type SpaceUtilisationLabel = 'Empty' | 'Under-used' | 'Fully used' | 'Overcrowded';
/** Space utilisation per block, by the site's occupied share: a block mirrors the site it is in. */
export const SPACE_UTILISATION_BY_OCCUPIED: ReadonlyArray<
  readonly [belowPct: number, mix: Weighted<SpaceUtilisationLabel>]
> = [
  [
    40,
    [
      ['Empty', 50],
      ['Under-used', 50],
    ],
  ],
  [
    85,
    [
      ['Under-used', 70],
      ['Fully used', 30],
    ],
  ],
  [
    Infinity,
    [
      ['Under-used', 2],
      ['Fully used', 88],
      ['Overcrowded', 10],
    ],
  ],
];
