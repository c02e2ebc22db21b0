import type { MultiPolygon, Polygon } from 'geojson';
import { planarAreaM2 } from '../../geo/area.js';
import type { RowProblem } from './records.js';

/**
 * How far an outline's measured area may stray from the area the register states before the
 * outline is refused: a quarter of the stated area, and never less than 0.1 ha. Our assumption,
 * not a publication: a drawn outline and a surveyed area differ by a few per cent (pavements,
 * rounding to two decimals), while an outline of the wrong site, or of one building rather than
 * the site, is off by far more; 0.1 ha keeps small clinics' rounding from tripping it.
 */
export const OUTLINE_AREA_TOLERANCE = { share: 0.25, minimumHa: 0.1 } as const;

/** An outline's area in hectares, measured in British National Grid. */
export const outlineAreaHa = (outline: Polygon | MultiPolygon): number => planarAreaM2(outline) / 10_000;

/**
 * The problem with an outline whose area disagrees with every area the register states for the
 * site beyond OUTLINE_AREA_TOLERANCE; null when one agrees, or when no area is stated (nothing to
 * compare: the outline is then the only measure there is).
 */
export function outlineAreaProblem(outline: Polygon | MultiPolygon, statedHa: readonly number[]): RowProblem | null {
  if (statedHa.length === 0) return null;
  const measured = outlineAreaHa(outline);
  const agrees = (stated: number) =>
    Math.abs(measured - stated) <= Math.max(OUTLINE_AREA_TOLERANCE.share * stated, OUTLINE_AREA_TOLERANCE.minimumHa);
  if (statedHa.some(agrees)) return null;
  return {
    field: 'geometry',
    code: 'outline_area_mismatch',
    message: `the outline measures ${measured.toFixed(2)} ha but the register states ${statedHa.map((ha) => ha.toFixed(2)).join(' or ')} ha; they may differ by ${OUTLINE_AREA_TOLERANCE.share * 100}% (at least ${OUTLINE_AREA_TOLERANCE.minimumHa} ha): check the outline is this site's, or correct the register's area`,
  };
}
