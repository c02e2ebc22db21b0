import type { LandFilter, LandSrid } from '../db/land.js';
import { EstatesError } from '../errors.js';

const numbers = (text: string, name: string): number[] => {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v)))
    throw new EstatesError('bad_input', `${name} must be comma-separated numbers`);
  return values;
};

const inWgs84 = (lon: number, lat: number, name: string): void => {
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    throw new EstatesError('bad_input', `${name} must be longitude (-180..180) then latitude (-90..90)`);
};

/**
 * A bbox: minX,minY,maxX,maxY, or the six-number 3D form (its heights ignored), in `srid`
 * (lon/lat for WGS84, metres for BNG). A box whose minimum exceeds its maximum is refused.
 */
export function parseBbox(text: string, srid: LandSrid, name = 'bbox'): NonNullable<LandFilter['bbox']> {
  const v = numbers(text, name);
  if (v.length !== 4 && v.length !== 6)
    throw new EstatesError('bad_input', `${name} takes 4 numbers (minX,minY,maxX,maxY) or 6 with heights`);
  const [minX, minY, maxX, maxY] = (v.length === 4 ? v : [v[0], v[1], v[3], v[4]]) as [number, number, number, number];
  if (minX > maxX || minY > maxY) throw new EstatesError('bad_input', `${name} minimum is greater than its maximum`);
  if (srid === 4326) {
    inWgs84(minX, minY, name);
    inWgs84(maxX, maxY, name);
  } else if ([minX, minY, maxX, maxY].some((c) => Math.abs(c) > 10_000_000)) {
    throw new EstatesError('bad_input', `${name} is outside British National Grid`);
  }
  return { minX, minY, maxX, maxY, srid };
}

/** near=lon,lat with within=metres: both or neither. */
export function parseNear(near: string | undefined, withinM: number | undefined): LandFilter['near'] {
  if (near === undefined && withinM === undefined) return undefined;
  if (near === undefined || withinM === undefined)
    throw new EstatesError('bad_input', 'near=lon,lat and within=metres go together');
  const v = numbers(near, 'near');
  if (v.length !== 2) throw new EstatesError('bad_input', 'near is lon,lat');
  const [lon, lat] = v as [number, number];
  inWgs84(lon, lat, 'near');
  return { lon, lat, withinM };
}
