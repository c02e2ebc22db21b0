import type { Grade } from '../domain/records.js';
import type { Random } from '../domain/random.js';
import { randomDayInYears, type CalendarDay } from './calendar.js';
import type { DemoSite } from './demo-site.js';
import {
  BACKLOG_BY_PHYSICAL,
  BLOCK_COUNT_BY_SIZE,
  ENVIRONMENTAL_MIX,
  NEIGHBOUR_GRADE_STEP,
  QUALITY_MIX,
  SPACE_UTILISATION_BY_OCCUPIED,
  STATUTORY_MIX_BY_PHYSICAL,
  SURVEY_YEARS,
  type FacetGrade,
  type SpaceUtilisationLabel,
  type Weighted,
} from './distributions.js';
import { surveyorName } from './names.js';

export interface DemoSurveyBlock {
  siteRef: string;
  block: string;
  surveyDate: CalendarDay;
  surveyor: string;
  giaM2: number;
  yearBuilt: number;
  physical: Grade;
  functional: FacetGrade;
  spaceUtilisation: SpaceUtilisationLabel;
  quality: FacetGrade;
  statutory: FacetGrade;
  environmental: FacetGrade;
  /** Whole pounds by risk category: high, significant, moderate, low. */
  backlogGbp: readonly [number, number, number, number];
}

const PHYSICAL_ORDER: readonly Grade[] = ['A', 'B', 'B(C)', 'C', 'D'];
const FACET_ORDER: readonly FacetGrade[] = ['A', 'B', 'C', 'D'];
/** Below this a site is one building: splitting 200 m² four ways would give blocks no surveyor would list. */
const MIN_BLOCK_GIA_M2 = 50;

/** Integer GIAs, largest first, that sum exactly to the site's. */
export function splitGia(random: Random, giaM2: number, blocks: number): number[] {
  const weights = Array.from({ length: blocks }, () => 0.3 + random.next()).sort((a, b) => b - a);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const parts = weights.map((w) => Math.floor((giaM2 * w) / total));
  parts[0] = (parts[0] ?? 0) + giaM2 - parts.reduce((sum, p) => sum + p, 0);
  return parts;
}

/**
 * Block grades whose GIA-weighted median is the site's grade (DOMAIN §3 rule 1), so the site mix is the drawn
 * mix. Blocks are taken largest first and given the site's grade until they hold more than half the GIA;
 * the rest take the same grade or one step either way, which varies blocks without moving the median.
 */
export function gradesAroundMedian<G extends string>(
  random: Random,
  siteGrade: G,
  order: readonly G[],
  giasLargestFirst: readonly number[],
): G[] {
  const total = giasLargestFirst.reduce((sum, g) => sum + g, 0);
  const at = order.indexOf(siteGrade);
  let covered = 0;
  return giasLargestFirst.map((gia) => {
    if (covered * 2 <= total) {
      covered += gia;
      return siteGrade;
    }
    const step = random.pick(NEIGHBOUR_GRADE_STEP);
    return order[Math.min(order.length - 1, Math.max(0, at + step))] as G;
  });
}

function blockCount(random: Random, giaM2: number): number {
  const weights = BLOCK_COUNT_BY_SIZE.find(([maxGia]) => giaM2 <= maxGia)?.[1] ?? [[1, 1]];
  return Math.max(1, Math.min(random.pick(weights), Math.floor(giaM2 / MIN_BLOCK_GIA_M2)));
}

function spaceUtilisation(random: Random, occupiedPct: number): SpaceUtilisationLabel {
  const mix: Weighted<SpaceUtilisationLabel> = SPACE_UTILISATION_BY_OCCUPIED.find(
    ([below]) => occupiedPct < below,
  )?.[1] ?? [['Fully used', 1]];
  return random.pick(mix);
}

function backlogGbp(random: Random, physical: Grade, giaM2: number): [number, number, number, number] {
  const { poundsPerM2, shares } = BACKLOG_BY_PHYSICAL[physical];
  const total = giaM2 * random.triangular(...poundsPerM2);
  return [
    Math.round(total * shares[0]),
    Math.round(total * shares[1]),
    Math.round(total * shares[2]),
    Math.round(total * shares[3]),
  ];
}

/** Block names as a surveyor would letter them. */
const blockName = (index: number): string => `Block ${String.fromCharCode(65 + index)}`;

/** One survey visit: every block of the site, surveyed the same day by the same firm, never before it was built. */
export function drawSurveyBlocks(random: Random, site: DemoSite): DemoSurveyBlock[] {
  const surveyDate = randomDayInYears(random, Math.max(SURVEY_YEARS[0], site.yearBuilt), SURVEY_YEARS[1]);
  const surveyor = surveyorName(random);
  const gias = splitGia(random, site.giaM2, blockCount(random, site.giaM2));
  const physical = gradesAroundMedian(random, site.physical, PHYSICAL_ORDER, gias);
  const functional = gradesAroundMedian(random, site.functional, FACET_ORDER, gias);
  return gias.map((giaM2, i) => {
    const p = physical[i] as Grade;
    return {
      siteRef: site.ref,
      block: blockName(i),
      surveyDate,
      surveyor,
      giaM2,
      yearBuilt: i === 0 ? site.yearBuilt : random.int(site.yearBuilt, surveyDate.getUTCFullYear()),
      physical: p,
      functional: functional[i] as FacetGrade,
      spaceUtilisation: spaceUtilisation(random, site.occupiedPct),
      quality: random.pick(QUALITY_MIX),
      statutory: random.pick(STATUTORY_MIX_BY_PHYSICAL[p]),
      environmental: random.pick(ENVIRONMENTAL_MIX),
      backlogGbp: backlogGbp(random, p, giaM2),
    };
  });
}
