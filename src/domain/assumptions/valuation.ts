import { figure, type Figure } from './figure.js';
import { euvRatePencePerM2, salesUpliftSince2016Pct, salesValuePencePerM2, type EuvUse } from './market.js';

/**
 * The default valuation assumptions, set v1: every row of DOMAIN §5 "Default assumptions, set v1",
 * keyed as DOMAIN keys them, plus the few our method needs that the table does not name (each marked
 * "assumption" with its reason). Money is pence; shares are percentages, as DOMAIN states them.
 */

export type DensitySetting = 'central' | 'urban' | 'suburban';
export type PtalBand = '0-1' | '2-3' | '4-6';
export type McilBand = 1 | 2 | 3;
export type UnitType = '1b1p' | '1b2p' | '2b3p' | '2b4p' | '3b4p' | '3b5p' | '3b6p' | '4b5p' | '4b6p' | '5b6p' | '6b7p';
export type BuildForm = 'houses' | 'flats' | 'tall-or-inner-flats';

export interface HabitableRoomRange {
  minHrPerHa: number;
  maxHrPerHa: number;
}
export type DensityMatrix = Readonly<Record<DensitySetting, Readonly<Record<PtalBand, HabitableRoomRange>>>>;

export interface StationDistanceBands {
  /** A station at or within this distance puts the site in PTAL 4–6. */
  ptal46MaxM: number;
  /** At or within this (and beyond the first), PTAL 2–3; beyond, PTAL 0–1. */
  ptal23MaxM: number;
}

export interface ValuationFigures {
  'affordable.threshold': Figure;
  'affordable.public_land': Figure;
  'tenure.lcr': Figure;
  'tenure.intermediate': Figure;
  'tenure.borough': Figure;
  'tenure.borough_valued_as': Figure<'lcr' | 'intermediate'>;
  'density.matrix': Figure<DensityMatrix>;
  'density.hr_per_home': Figure;
  'density.station_distance_bands': Figure<StationDistanceBands>;
  'site.net_residential': Figure;
  'unit.mix': Figure<Readonly<Partial<Record<UnitType, number>>>>;
  'unit.ndss_gia': Figure<Readonly<Record<UnitType, number>>>;
  'block.net_to_gross': Figure;
  'build.houses_outer': Figure;
  'build.flats_outer': Figure;
  'build.inner_or_tall': Figure;
  'build.external_works': Figure;
  'build.net_zero': Figure;
  'build.demolition_abnormals': Figure;
  'build.demolition_abnormals_rebuild': Figure;
  'build.contingency': Figure;
  'build.period': Figure;
  'fees.professional': Figure;
  'sales.marketing': Figure;
  'sales.legal': Figure;
  'finance.rate': Figure;
  'finance.basis': Figure;
  'return.developer': Figure;
  'cil.mayoral': Figure<Readonly<Record<McilBand, number>>>;
  'cil.mayoral_band': Figure<Readonly<Record<string, McilBand>>>;
  'cil.borough': Figure<Readonly<Record<string, number>>>;
  s106: Figure<Readonly<Record<string, number>>>;
  'sales.uplift_since_2016': Figure;
  'sales.value': Figure<Readonly<Record<string, number>>>;
  'euv.rate': Figure<Readonly<Record<string, Readonly<Record<EuvUse, number>>>>>;
  'affordable.value_lcr': Figure;
  'affordable.value_intermediate': Figure;
  'benchmark.premium': Figure;
  'disposal.costs': Figure;
  'lease.exit_cap_years': Figure;
  'condition.backlog_rebuild': Figure;
  'condition.backlog_refurbish': Figure;
  'carter.nonclinical': Figure;
  'carter.unoccupied': Figure;
}

export type ValuationAssumptionKey = keyof ValuationFigures;

export interface ValuationAssumptions {
  id: string;
  /** ISO date from which this set applies. */
  effectiveFrom: string;
  figures: ValuationFigures;
}

const NONE = 'none: our assumption';
const LONDON_PLAN_H5 = 'The London Plan 2021, Policy H5 Threshold approach to applications (GLA, March 2021)';
const LONDON_PLAN_H6 = 'The London Plan 2021, Policy H6 Affordable housing tenure (GLA, March 2021)';
const TABLE_3_2 =
  'The London Plan 2011, Policy 3.4 Optimising housing potential, Table 3.2 Sustainable residential quality density matrix ' +
  '(kept in the 2016 consolidation); superseded by London Plan 2021 Policy D3 (design-led), kept here only as a labelled fallback';
const HARROW_CROYDON =
  'Harrow and Croydon local plan viability assessments (2024), as cited by the research (secondary)';

const range = (minHrPerHa: number, maxHrPerHa: number): HabitableRoomRange => ({ minHrPerHa, maxHrPerHa });

/** GSS codes of the Mayoral CIL 2 charging bands (GLA MCIL2 Charging Schedule, from 1 April 2019). */
const MCIL_BAND_1 = [
  'E09000007',
  'E09000001',
  'E09000013',
  'E09000019',
  'E09000020',
  'E09000027',
  'E09000032',
  'E09000033',
];
const MCIL_BAND_3 = ['E09000002', 'E09000004', 'E09000008', 'E09000011', 'E09000016', 'E09000025', 'E09000029'];
const ALL_BOROUGHS = Array.from({ length: 33 }, (_, i) => `E090000${String(i + 1).padStart(2, '0')}`);
const mcilBandOf = (gssCode: string): McilBand =>
  MCIL_BAND_1.includes(gssCode) ? 1 : MCIL_BAND_3.includes(gssCode) ? 3 : 2;

export const DEFAULT_VALUATION_ASSUMPTIONS: ValuationAssumptions = {
  id: 'valuation-2026-v1',
  effectiveFrom: '2026-01-01',
  figures: {
    'affordable.threshold': figure(35, '% of homes', LONDON_PLAN_H5, 'sourced'),
    'affordable.public_land': figure(
      50,
      '% of homes',
      `${LONDON_PLAN_H5}: 50% on public-sector land absent a portfolio agreement; we count homes, not habitable rooms (DOMAIN §9)`,
      'sourced',
    ),
    'tenure.lcr': figure(
      30,
      '% of affordable',
      `${LONDON_PLAN_H6}: at least 30% low-cost rent (Social Rent, London Affordable Rent)`,
      'sourced',
    ),
    'tenure.intermediate': figure(
      30,
      '% of affordable',
      `${LONDON_PLAN_H6}: at least 30% intermediate (London Living Rent, shared ownership)`,
      'sourced',
    ),
    'tenure.borough': figure(40, '% of affordable', `${LONDON_PLAN_H6}: 40% for the borough to decide`, 'sourced'),
    'tenure.borough_valued_as': figure<'lcr' | 'intermediate'>(
      'lcr',
      'tenure',
      `${NONE}: the borough's 40% is valued as low-cost rent, the cautious reading`,
      'assumption',
    ),
    'density.matrix': figure<DensityMatrix>(
      {
        suburban: { '0-1': range(150, 200), '2-3': range(150, 250), '4-6': range(200, 350) },
        urban: { '0-1': range(150, 250), '2-3': range(200, 450), '4-6': range(200, 700) },
        central: { '0-1': range(150, 300), '2-3': range(300, 650), '4-6': range(650, 1100) },
      },
      'habitable rooms per ha',
      TABLE_3_2,
      'sourced',
    ),
    'density.hr_per_home': figure(
      3.0,
      'habitable rooms per home',
      `${NONE}, inside Table 3.2's bands 2.7–3.0, 3.1–3.7, 3.8–4.6`,
      'assumption',
    ),
    'density.station_distance_bands': figure<StationDistanceBands>(
      { ptal46MaxM: 480, ptal23MaxM: 960 },
      'metres to the nearest station',
      `${NONE}: PTAL counts rail stops within 960 m at 80 m/min (TfL); a station within 6 minutes' walk (480 m) stands in for PTAL 4–6, within 960 m for 2–3, beyond for 0–1. The station file has no Tube or DLR, so this understates access`,
      'assumption',
    ),
    'site.net_residential': figure(0.85, 'ratio of developable area', NONE, 'assumption'),
    'unit.mix': figure({ '1b2p': 30, '2b4p': 45, '3b5p': 25 }, '% of homes', NONE, 'assumption'),
    'unit.ndss_gia': figure(
      {
        '1b1p': 39,
        '1b2p': 50,
        '2b3p': 61,
        '2b4p': 70,
        '3b4p': 74,
        '3b5p': 86,
        '3b6p': 95,
        '4b5p': 90,
        '4b6p': 99,
        '5b6p': 103,
        '6b7p': 116,
      },
      'm² per home',
      'Technical housing standards: nationally described space standard (DCLG, March 2015), one-storey minimum GIA, via London Plan 2021 Policy D6 (secondary); 1b1p is 37 with a shower room',
      'sourced-secondary',
    ),
    'block.net_to_gross': figure(0.8, 'NIA ÷ GIA', NONE, 'assumption'),
    'build.houses_outer': figure(
      173_000,
      'pence per m² GIA',
      `${HARROW_CROYDON}: houses, Harrow £1,711, Croydon £1,754`,
      'sourced-secondary',
    ),
    'build.flats_outer': figure(
      220_000,
      'pence per m² GIA',
      `${NONE}: a blog put London flats at £2,000–2,400/m²`,
      'assumption',
    ),
    'build.inner_or_tall': figure(240_000, 'pence per m² GIA', NONE, 'assumption'),
    'build.external_works': figure(10, '% of build', HARROW_CROYDON, 'sourced-secondary'),
    'build.net_zero': figure(4.7, '% of build', `${HARROW_CROYDON}: 4.2–5.2%`, 'sourced-secondary'),
    'build.demolition_abnormals': figure(15_000, 'pence per m² existing GIA', NONE, 'assumption'),
    'build.demolition_abnormals_rebuild': figure(
      25_000,
      'pence per m² existing GIA',
      `${NONE}: higher where the condition class is rebuild`,
      'assumption',
    ),
    'build.contingency': figure(5, '% of build', NONE, 'assumption'),
    'build.period': figure(24, 'months', NONE, 'assumption'),
    'fees.professional': figure(10, '% of build', `${HARROW_CROYDON}: Croydon 6–12%`, 'sourced-secondary'),
    'sales.marketing': figure(2.5, '% of GDV', HARROW_CROYDON, 'sourced-secondary'),
    'sales.legal': figure(0.25, '% of GDV', HARROW_CROYDON, 'sourced-secondary'),
    'finance.rate': figure(7.0, '% a year', `${HARROW_CROYDON}: Harrow 7%, Croydon 6.5%`, 'sourced-secondary'),
    'finance.basis': figure(50, '% of costs outstanding on average over the build period', NONE, 'assumption'),
    'return.developer': figure(
      17.5,
      '% of GDV',
      `Planning Practice Guidance: Viability, para 018 (15–20% of GDV); ${HARROW_CROYDON}`,
      'sourced-secondary',
    ),
    'cil.mayoral': figure<Record<McilBand, number>>(
      { 1: 8_000, 2: 6_000, 3: 2_500 },
      'pence per m² net additional GIA',
      'Mayor of London, Mayoral Community Infrastructure Levy 2 Charging Schedule (in force 1 April 2019); 2019 rates, not indexed',
      'sourced',
    ),
    'cil.mayoral_band': figure(
      Object.fromEntries(ALL_BOROUGHS.map((gss) => [gss, mcilBandOf(gss)])) as Record<string, McilBand>,
      'MCIL2 band',
      'Mayor of London, MCIL2 Charging Schedule (2019): Band 1 Camden, City, Hammersmith & Fulham, Islington, Kensington & Chelsea, Richmond, Wandsworth, Westminster; Band 3 Barking & Dagenham, Bexley, Croydon, Greenwich, Havering, Newham, Sutton; Band 2 the rest',
      'sourced',
    ),
    'cil.borough': figure<Record<string, number>>(
      {},
      'pence per m² net additional GIA',
      `${NONE}: borough CIL rates not loaded; a valuation without one is marked incomplete`,
      'assumption',
    ),
    s106: figure<Record<string, number>>(
      {},
      'pence per home',
      `${NONE}: S106 costs not loaded; a valuation without one is marked incomplete`,
      'assumption',
    ),
    'sales.uplift_since_2016': salesUpliftSince2016Pct,
    'sales.value': salesValuePencePerM2,
    'euv.rate': euvRatePencePerM2,
    'affordable.value_lcr': figure(45, '% of market value', NONE, 'assumption'),
    'affordable.value_intermediate': figure(70, '% of market value', NONE, 'assumption'),
    'benchmark.premium': figure(
      20,
      '% over EUV',
      `${NONE}; PPG Viability benchmarks land at EUV plus a premium (secondary)`,
      'assumption',
    ),
    'disposal.costs': figure(2, '% of market value', NONE, 'assumption'),
    'lease.exit_cap_years': figure(
      10,
      'years of running cost',
      `${NONE}: no lease-exit method was found; we count at most 10 years' running cost, undiscounted`,
      'assumption',
    ),
    'condition.backlog_rebuild': figure(
      40_000,
      'pence per m² GIA (2016-17 prices)',
      `${NONE}: ERIC-calibrated (DOMAIN §3)`,
      'assumption',
    ),
    'condition.backlog_refurbish': figure(
      5_000,
      'pence per m² GIA (2016-17 prices)',
      `${NONE}: ERIC-calibrated (DOMAIN §3)`,
      'assumption',
    ),
    'carter.nonclinical': figure(
      35,
      '% of floor space',
      'Lord Carter, Operational productivity and performance in English NHS acute hospitals (Feb 2016), via HSJ',
      'sourced-secondary',
    ),
    'carter.unoccupied': figure(
      2.5,
      '% of floor space',
      'Lord Carter, Operational productivity and performance in English NHS acute hospitals (Feb 2016), via HSJ',
      'sourced-secondary',
    ),
  },
};

export interface AssumptionSource {
  key: ValuationAssumptionKey;
  value: unknown;
  unit: string;
  source: string;
  provenance: Figure['provenance'];
}

/** Every figure of a set with its source, in key order, for the CLI and the stored valuation. */
export function assumptionSources(assumptions: ValuationAssumptions): AssumptionSource[] {
  return (Object.keys(assumptions.figures) as ValuationAssumptionKey[]).sort().map((key) => {
    const f = assumptions.figures[key] as Figure<unknown>;
    return { key, value: f.value, unit: f.unit, source: f.source, provenance: f.provenance };
  });
}
