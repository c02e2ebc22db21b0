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
 * Points mid-river where the Thames is widest inside London (Barking, Halfway and Erith Reaches), which no
 * borough holds because GLA boundaries exclude the river (DOMAIN §6). Upstream the river is too narrow: placement
 * snaps a point within 100 m of a borough into it (src/db/placement.ts), so a point by Westminster Bridge would
 * be placed, not refused.
 */
const THAMES_POINTS: readonly BngPoint[] = [
  { eastingM: 548300, northingM: 181700 },
  { eastingM: 549200, northingM: 181200 },
  { eastingM: 551500, northingM: 178800 },
];
/** Clear water all round: more than placement's 100 m snapping tolerance. */
export const THAMES_MARGIN_M = 150;
const MARGIN_DIRECTIONS = 16;

function clearOfEveryBorough(p: BngPoint, locator: BoroughLocator): boolean {
  if (locator.locate(p) !== null) return false;
  for (const radiusM of [THAMES_MARGIN_M / 2, THAMES_MARGIN_M]) {
    for (let k = 0; k < MARGIN_DIRECTIONS; k++) {
      const angle = (2 * Math.PI * k) / MARGIN_DIRECTIONS;
      const probe = {
        eastingM: p.eastingM + radiusM * Math.cos(angle),
        northingM: p.northingM + radiusM * Math.sin(angle),
      };
      if (locator.locate(probe) !== null) return false;
    }
  }
  return true;
}

/** A point in the Thames, clear of every borough by THAMES_MARGIN_M, for the outside_london row. */
export function thamesPoint(locator: BoroughLocator): BngPoint {
  const point = THAMES_POINTS.find((p) => clearOfEveryBorough(p, locator));
  if (!point)
    throw new EstatesError(
      'bad_input',
      'the borough locator puts land near every Thames test point: is the river excluded?',
    );
  return point;
}
