import type { BoroughLocator } from '../../geo/borough-locator.js';
import type { Borough } from '../../geo/boroughs.js';
import type { Grade, ListedGrade } from '../domain/records.js';
import type { Random } from '../domain/random.js';
import { addYears, randomDayInYears, type CalendarDay } from './calendar.js';
import {
  BUILD_ERAS,
  CHP_GIA_M2,
  CHP_LEASE_YEARS,
  CHP_OPENED_YEARS,
  CHP_PHYSICAL_MIX,
  CHP_TENURE_MIX,
  CHP_VOID_BANDS,
  ERA_WEIGHTS_BY_PHYSICAL,
  FUNCTIONAL_MIX,
  INNER_LONDON_COST_FACTOR,
  LISTED_CHANCE_BY_ERA,
  LISTED_GRADE_MIX,
  NHSPS_OCCUPANCY_BANDS,
  NHSPS_PHYSICAL_MIX,
  NHSPS_TENURE_MIX,
  NHSPS_USES,
  PLOT_COVERAGE,
  RUNNING_COST_GBP_PER_M2,
  STOREYS_INNER,
  STOREYS_OUTER,
  type FacetGrade,
  type MixtureBand,
} from './distributions.js';
import { liftCoName, siteAddress, siteName } from './names.js';
import { placeInBorough, type DemoLocation } from './site-location.js';

/** A borough with the area that sizes its sampling square. */
export interface DemoBorough {
  borough: Borough;
  hectares: number;
}

/** What one demo site is while its rows are written; never kept past them. */
interface DemoSiteCommon {
  ref: string;
  name: string;
  borough: Borough;
  location: DemoLocation;
  giaM2: number;
  siteAreaHa: number;
  tenure: 'Freehold' | 'Leasehold';
  yearBuilt: number;
  /** The site's condition grades: its survey blocks are drawn so their GIA-weighted median is exactly these. */
  physical: Grade;
  functional: FacetGrade;
  /** Share of floor area in use, 0–100: NHSPS occupancy, or 100 − CHP void. */
  occupiedPct: number;
}

export interface NhspsSite extends DemoSiteCommon {
  source: 'nhsps';
  address: string;
  primaryUse: string;
  listed: ListedGrade | null;
  annualRunningCostGbp: number;
}

export interface ChpSite extends DemoSiteCommon {
  source: 'chp';
  liftCo: string;
  opened: CalendarDay;
  leaseExpiry: CalendarDay;
}

export type DemoSite = NhspsSite | ChpSite;

const triangular = (random: Random, [low, mode, high]: readonly [number, number, number]): number =>
  random.triangular(low, mode, high);

function fromBands(random: Random, bands: readonly MixtureBand[]): number {
  const band = random.pick(bands.map((b) => [b, b.weight] as const));
  return Math.round(triangular(random, band.pct));
}

/** Plot area from floor area: GIA spread over the storeys, the footprint covering part of the plot. */
function siteAreaHa(random: Random, giaM2: number, inner: boolean): number {
  const storeys = random.pick(inner ? STOREYS_INNER : STOREYS_OUTER);
  const coverage = triangular(random, PLOT_COVERAGE);
  return Math.max(0.01, Math.round(giaM2 / storeys / coverage / 100) / 100);
}

function yearBuilt(random: Random, physical: Grade): { year: number; era: number } {
  const weights = ERA_WEIGHTS_BY_PHYSICAL[physical];
  const era = random.pick(BUILD_ERAS.map((_, i) => [i, weights[i] ?? 0] as const));
  const [first, last] = BUILD_ERAS[era] as readonly [number, number];
  return { year: random.int(first, last), era };
}

export function drawNhspsSite(random: Random, ref: string, where: DemoBorough, locator: BoroughLocator): NhspsSite {
  const { borough } = where;
  const location = placeInBorough(borough, where.hectares, locator, random);
  const use = random.pick(NHSPS_USES.map((u) => [u, u.weight] as const));
  const giaM2 = Math.round(triangular(random, use.giaM2));
  const physical = random.pick(NHSPS_PHYSICAL_MIX);
  const functional = random.pick(FUNCTIONAL_MIX);
  const built = yearBuilt(random, physical);
  const listed = random.next() < (LISTED_CHANCE_BY_ERA[built.era] ?? 0) ? random.pick(LISTED_GRADE_MIX) : null;
  const occupancyPct = fromBands(random, NHSPS_OCCUPANCY_BANDS);
  const costFactor = borough.inner ? INNER_LONDON_COST_FACTOR : 1;
  return {
    source: 'nhsps',
    ref,
    name: siteName(random, use.nameSuffix),
    address: siteAddress(random, borough.name),
    borough,
    location,
    giaM2,
    siteAreaHa: siteAreaHa(random, giaM2, borough.inner),
    tenure: random.pick(NHSPS_TENURE_MIX),
    primaryUse: use.use,
    yearBuilt: built.year,
    listed,
    physical,
    functional,
    occupiedPct: occupancyPct,
    annualRunningCostGbp: Math.round(giaM2 * triangular(random, RUNNING_COST_GBP_PER_M2) * costFactor),
  };
}

export function drawChpSite(random: Random, ref: string, where: DemoBorough, locator: BoroughLocator): ChpSite {
  const { borough } = where;
  const location = placeInBorough(borough, where.hectares, locator, random);
  const giaM2 = Math.round(triangular(random, CHP_GIA_M2));
  const opened = randomDayInYears(random, CHP_OPENED_YEARS[0], CHP_OPENED_YEARS[1]);
  const voidPct = fromBands(random, CHP_VOID_BANDS);
  return {
    source: 'chp',
    ref,
    name: siteName(random, 'Primary Care Centre'),
    borough,
    location,
    giaM2,
    siteAreaHa: siteAreaHa(random, giaM2, borough.inner),
    tenure: random.pick(CHP_TENURE_MIX),
    liftCo: liftCoName(borough.subRegion),
    opened,
    leaseExpiry: addYears(opened, random.int(CHP_LEASE_YEARS[0], CHP_LEASE_YEARS[1])),
    yearBuilt: opened.getUTCFullYear(),
    physical: random.pick(CHP_PHYSICAL_MIX),
    functional: random.pick(FUNCTIONAL_MIX),
    occupiedPct: 100 - voidPct,
  };
}
