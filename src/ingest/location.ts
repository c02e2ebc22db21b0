import { checkBngPoint, checkLonLat } from '../../geo/bounds.js';
import { toBng } from '../../geo/transform.js';
import type { BngPoint } from '../domain/records.js';
import { FileUnreadable } from './file-unreadable.js';
import { describeHeader, type ColumnMap, type ColumnSpecs } from './headers.js';
import type { RowFields } from './row-fields.js';

/** A coordinate pair is two columns or none: one alone would refuse every row, so the file is refused once. */
export function requireColumnPair<F extends string>(map: ColumnMap<F>, specs: ColumnSpecs<F>, a: F, b: F): void {
  const hasA = map.at[a] !== undefined;
  const hasB = map.at[b] !== undefined;
  if (hasA === hasB) return;
  const [present, absent] = hasA ? [a, b] : [b, a];
  throw new FileUnreadable(
    `the header row has a "${specs[present].label}" column but no "${specs[absent].label}" column; columns found: ${describeHeader(map.header)}`,
  );
}

/** Both cells of a pair, or a missing_required problem for the one left blank; null when both are blank. */
function pair<F extends string>(f: RowFields<F>, a: F, b: F): [number, number] | null {
  const aGiven = f.given(a);
  const bGiven = f.given(b);
  if (!aGiven && !bGiven) return null;
  const av = f.number(a);
  const bv = f.number(b);
  if (!aGiven) f.problem(a, 'missing_required', `${f.name(a)} is required when ${f.name(b)} is given`);
  if (!bGiven) f.problem(b, 'missing_required', `${f.name(b)} is required when ${f.name(a)} is given`);
  return av === null || bv === null ? null : [av, bv];
}

/** Grid coordinates as given (metres), refused when outside the National Grid. */
export function readBngLocation<F extends string>(f: RowFields<F>, easting: F, northing: F): BngPoint | null {
  const given = pair(f, easting, northing);
  if (!given) return null;
  const point = { eastingM: given[0], northingM: given[1] };
  if (checkBngPoint(point) === null) return point;
  const degreesHint =
    Math.abs(given[0]) <= 180 && Math.abs(given[1]) <= 90
      ? '; these look like longitude/latitude, but this column wants grid metres'
      : '';
  f.problem(
    easting,
    'outside_great_britain',
    `${given[0]}, ${given[1]} is outside Great Britain's National Grid (easting 0–700000, northing 0–1300000 m)${degreesHint}`,
  );
  return null;
}

/** WGS84 latitude/longitude, checked against Great Britain (swapped pairs named as such) and moved onto the grid. */
export function readLatLonLocation<F extends string>(f: RowFields<F>, latitude: F, longitude: F): BngPoint | null {
  const given = pair(f, latitude, longitude);
  if (!given) return null;
  const [lat, lon] = given;
  const problem = checkLonLat(lat, lon);
  if (problem === 'latlon_swapped') {
    f.problem(
      latitude,
      'latlon_swapped',
      `${f.name(latitude)} ${lat} and ${f.name(longitude)} ${lon} look swapped: British latitudes are 49.8–60.9`,
    );
    return null;
  }
  if (problem === 'outside_great_britain') {
    f.problem(latitude, 'outside_great_britain', `${lat}, ${lon} (latitude, longitude) is outside Great Britain`);
    return null;
  }
  return toBng([lon, lat]);
}
