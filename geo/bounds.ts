import type { BngPoint } from './bng.js';

/** The extent of the British National Grid's defined area, in metres. */
const BNG_MAX_EASTING_M = 700_000;
const BNG_MAX_NORTHING_M = 1_300_000;

/** Great Britain and its islands, generously: Scilly to Lowestoft, the Lizard to Shetland. */
const GB_MIN_LAT = 49.8;
const GB_MAX_LAT = 60.9;
const GB_MIN_LON = -8.7;
const GB_MAX_LON = 1.8;

/** Below this, an easting or northing could as well be degrees, so it is no evidence of grid metres. */
const DEGREE_LIKE_LIMIT = 1_000;

function insideBng(eastingM: number, northingM: number): boolean {
  return (
    Number.isFinite(eastingM) &&
    Number.isFinite(northingM) &&
    eastingM >= 0 &&
    eastingM <= BNG_MAX_EASTING_M &&
    northingM >= 0 &&
    northingM <= BNG_MAX_NORTHING_M
  );
}

function insideGb(lat: number, lon: number): boolean {
  return lat >= GB_MIN_LAT && lat <= GB_MAX_LAT && lon >= GB_MIN_LON && lon <= GB_MAX_LON;
}

/** Why a grid point cannot be a British site, or null if it can. */
export function checkBngPoint(p: BngPoint): 'outside_great_britain' | null {
  return insideBng(p.eastingM, p.northingM) ? null : 'outside_great_britain';
}

/**
 * Why a latitude/longitude pair cannot be a British site, or null if it can. The GB and swapped boxes do not
 * overlap (GB longitudes are all below 49.8), so a swapped pair is never mistaken for a valid one.
 */
export function checkLonLat(lat: number, lon: number): 'latlon_swapped' | 'outside_great_britain' | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return 'outside_great_britain';
  if (insideGb(lat, lon)) return null;
  if (insideGb(lon, lat)) return 'latlon_swapped';
  return 'outside_great_britain';
}

/**
 * True when a column pair reads as grid metres rather than degrees: every pair inside the BNG extent and none
 * that could be a longitude/latitude. Used to warn a user who declared the wrong CRS, never to pick one.
 */
export function looksLikeBngCoordinates(xs: number[], ys: number[]): boolean {
  if (xs.length === 0 || xs.length !== ys.length) return false;
  return xs.every((x, i) => {
    const y = ys[i] as number;
    return insideBng(x, y) && (x > DEGREE_LIKE_LIMIT || y > DEGREE_LIKE_LIMIT);
  });
}
