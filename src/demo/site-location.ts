import type { BngPoint } from '../../geo/bng.js';
import type { BoroughLocator } from '../../geo/borough-locator.js';
import type { Borough } from '../../geo/boroughs.js';
import { toBng, toLonLat } from '../../geo/transform.js';
import type { Random } from '../domain/random.js';
import { EstatesError } from '../errors.js';
import { searchHalfWidthM } from './borough-weights.js';

/** Enough that a miss means a broken locator, not bad luck: ~40% of draws land inside (borough-weights.ts). */
export const MAX_PLACEMENT_TRIES = 1000;

export interface DemoLocation {
  /** Whole metres, as a register would give them. */
  point: BngPoint;
  /** WGS84 to 6 dp (about 0.1 m), as the CHP register carries them. */
  lat: number;
  lon: number;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * A point inside the borough: uniform over a square around its centroid, redrawn until the locator agrees.
 * The 6 dp latitude/longitude is checked too, so a CHP row read back through toBng lands in the same borough
 * even a few centimetres from a boundary.
 */
export function placeInBorough(
  borough: Borough,
  hectares: number,
  locator: BoroughLocator,
  random: Random,
): DemoLocation {
  const halfWidthM = Math.round(searchHalfWidthM(hectares));
  const { eastingM: e0, northingM: n0 } = borough.centroid;
  for (let attempt = 0; attempt < MAX_PLACEMENT_TRIES; attempt++) {
    const point = {
      eastingM: random.int(e0 - halfWidthM, e0 + halfWidthM),
      northingM: random.int(n0 - halfWidthM, n0 + halfWidthM),
    };
    if (locator.locate(point) !== borough.gssCode) continue;
    const [lonRaw, latRaw] = toLonLat(point);
    const lon = round6(lonRaw);
    const lat = round6(latRaw);
    if (locator.locate(toBng([lon, lat])) !== borough.gssCode) continue;
    return { point, lat, lon };
  }
  throw new EstatesError(
    'bad_input',
    `the borough locator placed none of ${MAX_PLACEMENT_TRIES} points near ${borough.name}'s centroid in ${borough.gssCode}: is it the London borough file?`,
  );
}

/**
 * A real place outside London for the outside_london row: Dartford town centre, Kent, 1.5 km beyond Bexley. Not
 * the Thames: a point in the river between two boroughs is inside Greater London, and placement puts it in the
 * nearest borough, flagged placed_in_water (migration 0420).
 */
export const OUTSIDE_LONDON_PLACE = {
  name: 'Dartford town centre, Kent',
  point: { eastingM: 554200, northingM: 174000 },
};

/** The outside_london point, checked to be in no borough as the locator has them. */
export function outsideLondonPoint(locator: BoroughLocator): BngPoint {
  const { point, name } = OUTSIDE_LONDON_PLACE;
  if (locator.locate(point) !== null)
    throw new EstatesError(
      'bad_input',
      `the borough locator puts ${name} in a London borough: is it the London borough file?`,
    );
  return point;
}
