import { checkBngPoint, looksLikeBngCoordinates } from '../../geo/bounds.js';
import { FileUnreadable } from './file-unreadable.js';
import type { GeoJsonReading } from './outcome.js';

/**
 * The one rule for the coordinate system of every GeoJSON file we read (site boundaries uploads,
 * `estates boundaries load`, `estates areas load`, the shipped boroughs):
 * 1. the file's `crs` member (GeoJSON 2008) when it has one; an option given as well must agree;
 * 2. else the uploader's option (`--crs`);
 * 3. else the coordinates' range: all within ±180/±90 is longitude/latitude (RFC 7946's default),
 *    all inside the National Grid with some beyond 1,000 is British National Grid metres, and the
 *    summary says it was detected;
 * 4. else a refusal naming both choices. Metres are never read as degrees: PostGIS would stop the
 *    load with a bare PROJ error, or put every polygon in the sea.
 */
export type GeoJsonCrs = GeoJsonReading['crs'];

/** The end of a refusal that an option would cure: uploads are keyed by bytes, source and options, so the retry is a new upload. */
export const RETRY_WITH_OPTION = (option: string): string =>
  `Upload the same file again with ${option}: with a new option it is a new upload, not this one again`;

export const GEOJSON_CRS_CHOICES = 'EPSG:27700 (British National Grid metres) or EPSG:4326 (longitude/latitude)';

/** The CRS a `crs` member names (OGC URN, EPSG code or URL); undefined when the file declares none. */
function declaredCrs(member: unknown): GeoJsonCrs | undefined {
  if (member === undefined || member === null) return undefined;
  const m = member as { properties?: { name?: unknown; code?: unknown } };
  const name = String(m.properties?.name ?? m.properties?.code ?? '');
  if (/27700/.test(name)) return 'EPSG:27700';
  if (/CRS84|4326|WGS\s*84/i.test(name)) return 'EPSG:4326';
  throw new FileUnreadable(`the file declares the coordinate system "${name}"; it must be ${GEOJSON_CRS_CHOICES}`);
}

const isPair = (p: unknown): p is [number, number, ...number[]] =>
  Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** Every [x, y] position in a geometry's coordinates, whatever its type; malformed parts are skipped (their row's problem). */
export function positionsIn(geometry: unknown): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  const walk = (node: unknown): void => {
    if (isPair(node)) found.push([node[0], node[1]]);
    else if (Array.isArray(node)) for (const child of node) walk(child);
  };
  walk((geometry as { coordinates?: unknown } | null)?.coordinates);
  return found;
}

const isDegrees = ([x, y]: [number, number]): boolean => Math.abs(x) <= 180 && Math.abs(y) <= 90;

function detectCrs(positions: Array<[number, number]>, afterwards: string): GeoJsonCrs {
  if (positions.every(isDegrees)) return 'EPSG:4326';
  if (
    looksLikeBngCoordinates(
      positions.map((p) => p[0]),
      positions.map((p) => p[1]),
    )
  )
    return 'EPSG:27700';
  throw new FileUnreadable(
    `the file declares no coordinate system and its coordinates are neither longitude/latitude nor all British National Grid metres; add a "crs" member or say which it is (--crs EPSG:27700 or --crs EPSG:4326): ${GEOJSON_CRS_CHOICES}${afterwards}`,
  );
}

/**
 * The coordinate system of a FeatureCollection, and where it came from. `afterwards` ends the
 * refusal when nothing says which (an upload's "send it again with --crs").
 */
export function geoJsonCrs(
  crsMember: unknown,
  option: GeoJsonCrs | undefined,
  geometries: Iterable<unknown>,
  afterwards = '',
): GeoJsonReading {
  const declared = declaredCrs(crsMember);
  if (declared && option && declared !== option)
    throw new FileUnreadable(`the file declares ${declared} but the upload says ${option}; correct one of them`);
  if (declared) return { format: 'geojson', crs: declared, crsFrom: 'file' };
  if (option) return { format: 'geojson', crs: option, crsFrom: 'option' };
  const positions = [...geometries].flatMap(positionsIn);
  return { format: 'geojson', crs: detectCrs(positions, afterwards), crsFrom: 'detected' };
}

/**
 * For loaders that hand a whole layer to PostGIS: a position that cannot be in the CRS chosen
 * (metres in a file that says it is degrees) refuses the file naming the feature, before
 * ST_Transform can fail with "transform: Invalid coordinate".
 */
export function assertPositionsFit(reading: GeoJsonReading, geometries: readonly unknown[]): void {
  geometries.forEach((geometry, i) => {
    const outside = positionsIn(geometry).find((p) =>
      reading.crs === 'EPSG:4326' ? !isDegrees(p) : checkBngPoint({ eastingM: p[0], northingM: p[1] }) !== null,
    );
    if (!outside) return;
    const hint =
      reading.crs === 'EPSG:4326' && looksLikeBngCoordinates([outside[0]], [outside[1]])
        ? ': they look like British National Grid metres, so say EPSG:27700'
        : '';
    throw new FileUnreadable(
      `feature ${i + 1} has position [${outside[0]}, ${outside[1]}], which is not ${reading.crs === 'EPSG:4326' ? 'longitude/latitude' : 'inside the British National Grid'} although the file is read as ${reading.crs} (${reading.crsFrom === 'file' ? 'its crs member' : reading.crsFrom === 'option' ? 'as the upload said' : 'detected'})${hint}`,
    );
  });
}
