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
  /**
   * The postcode districts (outward codes) of the loaded directory that hold a London postcode, among those asked
   * about; null when the directory holds no London postcode at all, so nothing can be judged outside London by it.
   */
  londonDistricts: ReadonlySet<string> | null;
  /** The ERIC trust's own ODS postcode (its headquarters), when the directory has one. */
  trustPostcode: string | null;
}

/** The outward code of a normalised postcode ("KT18 7EG" → "KT18"). */
export const postcodeDistrict = (postcode: string): string => postcode.replace(/\s+/g, '').toUpperCase().slice(0, -3);

/** ERIC's region names ("LONDON COMMISSIONING REGION") or NHS England's London region code. */
const LONDON_REGION = /london|^Y56$/i;

/**
 * A postcode the directory does not hold is outside London when no London postcode shares its district: the
 * directory then cannot be missing it for London, and "not found" would send the user looking for a better one.
 */
function postcodeOutsideLondon(postcode: string, lookups: PlacementLookups): boolean {
  return lookups.londonDistricts !== null && !lookups.londonDistricts.has(postcodeDistrict(postcode));
}

const outsideLondon = (field: string, message: string): Placement => ({
  ok: false,
  problems: [{ field, code: 'outside_london', message }],
});

/** An ERIC site of a trust outside London (all-England files): by its region, else by its trust's postcode. */
function trustOutsideLondon(record: SiteRecord, lookups: PlacementLookups): Placement | null {
  if (record.source !== 'eric') return null;
  const trust = `trust ${String(record.attributes.organisationCode ?? '')}`;
  const region = record.attributes.commissioningRegion;
  if (typeof region === 'string' && !LONDON_REGION.test(region.trim()))
    return outsideLondon('Commissioning Region', `${trust} is in ${region}, not London`);
  if (!lookups.odsKnown && lookups.trustPostcode && postcodeOutsideLondon(lookups.trustPostcode, lookups))
    return outsideLondon(
      'Organisation Code',
      `${trust} is based at ${lookups.trustPostcode}, outside London, and ODS does not know site ${record.sourceRef}`,
    );
  return null;
}

/** A postcode not in the directory: outside London, or simply not found. */
function postcodeMissing(field: string, postcode: string, lookups: PlacementLookups, notFound: string): Placement {
  if (postcodeOutsideLondon(postcode, lookups))
    return outsideLondon(
      field,
      `postcode ${postcode} is outside London (no London postcode in district ${postcodeDistrict(postcode)})`,
    );
  return { ok: false, problems: [{ field, code: 'postcode_not_found', message: notFound }] };
}

export interface BoroughHit {
  gssCode: string;
  /** True when the point fell in no polygon but within the tolerance of one (a sliver of a simplified boundary). */
  nearestWithinTolerance: boolean;
  /**
   * True when the point lies in no borough, nor within the tolerance of one, but inside Greater London's full
   * extent (the Thames below mean high water, docks, which the GLA's boundaries leave out): in the nearest borough.
   */
  placedInWater: boolean;
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
    return postcodeMissing(
      'Postcode',
      record.postcode,
      lookups,
      `postcode ${record.postcode} is not in the loaded postcode directory (estates postcodes load FILE)`,
    );
  }
  const trustOutside = trustOutsideLondon(record, lookups);
  if (trustOutside) return trustOutside;
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
    if (!lookups.postcodePoint)
      return postcodeMissing(
        'Site Code',
        lookups.odsPostcode,
        lookups,
        `ODS postcode ${lookups.odsPostcode} of ${record.sourceRef} is not in the loaded postcode directory`,
      );
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

/** How a site was placed, as `sites.placed_by` keeps it: the method, and how a point off every borough's land was. */
export type PlacedBy = PlacementMethod | `${PlacementMethod}+nearest-boundary` | `${PlacementMethod}+placed_in_water`;

export function placedBy(method: PlacementMethod, borough: BoroughHit): PlacedBy {
  if (borough.placedInWater) return `${method}+placed_in_water`;
  return borough.nearestWithinTolerance ? `${method}+nearest-boundary` : method;
}

/** The flag a site placed in the water carries, read back from `placed_by`. */
export const PLACED_IN_WATER = 'placed_in_water';
export const isPlacedInWater = (placed: string): boolean => placed.endsWith(`+${PLACED_IN_WATER}`);

/** Step 2: the borough the point lies in; outside Greater London (land and water) is a rejection. */
export function boroughProblem(point: BngPoint, borough: BoroughHit | null): RowProblem | null {
  if (borough) return null;
  return {
    field: 'Location',
    code: 'outside_london',
    message: `point ${Math.round(point.eastingM)}, ${Math.round(point.northingM)} (British National Grid) is outside Greater London`,
  };
}
