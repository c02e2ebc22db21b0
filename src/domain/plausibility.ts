import type { RowProblem } from './records.js';

/**
 * Plausibility rules for every numeric field of the records in records.ts, written once: the
 * adapters read each field through its rule, docs/formats.md and the README list them, and a
 * broken rule rejects the row naming the field, the value and the rule, with a code.
 *
 * Figures are sanity bounds of ours unless a source is named: they catch a unit or a digit
 * typed wrong (hectares given in m², a year 2099), not a value that is merely unusual.
 */
export interface NumericRule {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer?: boolean;
  /** Read as a percentage: a `%` sign may follow the number. */
  percent?: boolean;
  /** The rule as the rejection and the docs state it. */
  rule: string;
}

const AREA_HA: NumericRule = { min: 0, rule: 'an area in hectares is not negative' };
const AREA_M2: NumericRule = { min: 0, rule: 'an area in m² is not negative' };
const PERCENT: NumericRule = { min: 0, max: 100, percent: true, rule: 'a percentage is 0–100' };

const RULES = {
  /** Sanity bound: the largest London site in ERIC 2016-17 owns under 150 ha. */
  siteAreaHa: {
    min: 0,
    max: 1000,
    minExclusive: true,
    maxExclusive: true,
    rule: 'a site area is more than 0 and less than 1,000 ha',
  },
  landOwnedHa: { min: 0, max: 1000, maxExclusive: true, rule: 'land owned is 0 or more and less than 1,000 ha' },
  landNotDeliveringHa: AREA_HA,
  giaM2: { min: 0, minExclusive: true, rule: 'a gross internal area is more than 0 m²' },
  /** An ERIC trust total may hold no floor area of its own. */
  trustGiaM2: AREA_M2,
  trustLandOwnedHa: AREA_HA,
  buildingFootprintM2: AREA_M2,
  clinicalM2: AREA_M2,
  nonClinicalM2: AREA_M2,
  /** Nothing older survives in NHS use; the upper bound is the year of the upload (no future years). */
  yearBuilt: { min: 1700, integer: true, rule: 'a year built is a whole year from 1700 to the year of the upload' },
  occupancyPct: PERCENT,
  voidPct: PERCENT,
  emptyPct: PERCENT,
  underUsedPct: PERCENT,
  notFunctionallySuitablePct: PERCENT,
} as const satisfies Record<string, NumericRule>;

export type NumericField = keyof typeof RULES;
export const NUMERIC_RULES: Readonly<Record<NumericField, NumericRule>> = RULES;

/**
 * Floor area against land: at most this many m² of gross internal floor per m² of land (a plot
 * ratio of 20:1). A sanity bound of ours, not a published figure: the densest London site in ERIC
 * 2016-17 (UCLH's main site, RRV03, 76,547 m² on 1.18 ha) has 6.5, so 20 leaves room for towers
 * and catches a site area typed a hundred times too small.
 */
export const FLOOR_TO_LAND_CEILING = 20;

const M2_PER_HA = 10_000;

/** Why `value` breaks its field's rule, or null; the message names the value and the rule. */
export function numericProblem(
  field: NumericField,
  value: number,
  context: { uploadedYear?: number } = {},
): { code: 'out_of_range' | 'not_a_number' | 'future_year'; message: string } | null {
  const rule = NUMERIC_RULES[field];
  if (rule.integer && !Number.isInteger(value))
    return { code: 'not_a_number', message: `${value} is not a whole number (rule: ${rule.rule})` };
  const belowMin = rule.min !== undefined && (rule.minExclusive ? value <= rule.min : value < rule.min);
  const aboveMax = rule.max !== undefined && (rule.maxExclusive ? value >= rule.max : value > rule.max);
  if (belowMin || aboveMax) return { code: 'out_of_range', message: `${value} breaks the rule: ${rule.rule}` };
  if (field === 'yearBuilt' && context.uploadedYear !== undefined && value > context.uploadedYear)
    return {
      code: 'future_year',
      message: `${value} is after ${context.uploadedYear}, the year of the upload (rule: ${rule.rule})`,
    };
  return null;
}

/** A floor area the land cannot hold, or null; both figures as read, land in hectares. */
export function floorAreaProblem(
  floor: { field: string; giaM2: number | null },
  land: { field: string; areaHa: number | null },
): RowProblem | null {
  if (floor.giaM2 === null || land.areaHa === null || land.areaHa <= 0) return null;
  const ratio = floor.giaM2 / (land.areaHa * M2_PER_HA);
  if (ratio <= FLOOR_TO_LAND_CEILING) return null;
  return {
    field: floor.field,
    code: 'floor_area_above_land',
    message: `${floor.field}: ${floor.giaM2} m² of floor on ${land.areaHa} ha (${land.field}) is ${ratio.toFixed(1)} m² per m² of land, above the ceiling of ${FLOOR_TO_LAND_CEILING} (rule: floor area is at most ${FLOOR_TO_LAND_CEILING} × land area; check the units of both)`,
  };
}
