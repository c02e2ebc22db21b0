import type { BngPoint, RowProblem, SiteRecord } from './records.js';

/**
 * Where a site is, and in which borough. Given coordinates win; otherwise the site's
 * postcode (or, for ERIC, the postcode of its ODS site code) is looked up in the loaded
 * postcode directory. A site outside every London borough is refused, never guessed.
 */
export type PlacementMethod = 'coordinates' | 'postcode' | 'ods-postcode';

export interface PlacementLookups {
  /** The directory point of the site's postcode, or of its ODS postcode; null when not found. */
  postcodePoint: BngPoint | null;
  /** The postcode found through the ODS directory (ERIC sites), if any. */
  odsPostcode: string | null;
  /** Whether the ODS directory knows the site code at all (ERIC sites). */
  odsKnown: boolean;
}

export interface BoroughHit {
  gssCode: string;
  /** True when the point fell in no polygon but within the tolerance of one (a sliver of a simplified boundary). */
  nearestWithinTolerance: boolean;
}

export type Placement =
  | { ok: true; point: BngPoint; method: PlacementMethod; postcode: string | null }
  | { ok: false; problems: RowProblem[] };

/** Step 1: a point for the site. */
export function locateSite(record: SiteRecord, lookups: PlacementLookups): Placement {
  if (record.location) return { ok: true, point: record.location, method: 'coordinates', postcode: record.postcode };
  if (record.postcode) {
    if (lookups.postcodePoint)
      return { ok: true, point: lookups.postcodePoint, method: 'postcode', postcode: record.postcode };
    return {
      ok: false,
      problems: [
        {
          field: 'Postcode',
          code: 'postcode_not_found',
          message: `postcode ${record.postcode} is not in the loaded postcode directory (estates postcodes load FILE)`,
        },
      ],
    };
  }
  if (record.source === 'eric') {
    if (!lookups.odsKnown) {
      return {
        ok: false,
        problems: [
          {
            field: 'Site Code',
            code: 'postcode_not_found',
            message: `site code ${record.sourceRef} is not in the loaded ODS directory, so it has no postcode (estates ods load FILE)`,
          },
        ],
      };
    }
    if (!lookups.odsPostcode) {
      return {
        ok: false,
        problems: [
          {
            field: 'Site Code',
            code: 'postcode_not_found',
            message: `the ODS record of ${record.sourceRef} has no postcode`,
          },
        ],
      };
    }
    if (!lookups.postcodePoint) {
      return {
        ok: false,
        problems: [
          {
            field: 'Site Code',
            code: 'postcode_not_found',
            message: `ODS postcode ${lookups.odsPostcode} of ${record.sourceRef} is not in the loaded postcode directory`,
          },
        ],
      };
    }
    return { ok: true, point: lookups.postcodePoint, method: 'ods-postcode', postcode: lookups.odsPostcode };
  }
  return {
    ok: false,
    problems: [
      {
        field: 'Postcode',
        code: 'missing_required',
        message: 'a location is required: Easting and Northing, or a Postcode',
      },
    ],
  };
}

/** Step 2: the borough the point lies in; outside London is a rejection. */
export function boroughProblem(point: BngPoint, borough: BoroughHit | null): RowProblem | null {
  if (borough) return null;
  return {
    field: 'Location',
    code: 'outside_london',
    message: `point ${Math.round(point.eastingM)}, ${Math.round(point.northingM)} (British National Grid) is outside every London borough`,
  };
}
