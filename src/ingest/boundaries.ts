import type { MultiPolygon, Polygon, Position } from 'geojson';
import { geometryProblems } from '../../geo/area.js';
import { checkBngPoint, checkLonLat, looksLikeBngCoordinates } from '../../geo/bounds.js';
import { geometryToBng } from '../../geo/transform.js';
import type { RowProblem } from '../domain/records.js';
import { FileUnreadable } from './file-unreadable.js';
import { parseFeatureCollection } from './geojson-layer.js';
import { geoJsonCrs, RETRY_WITH_OPTION, type GeoJsonCrs } from './geojson-crs.js';
import type { ReadOptions, RowOutcome } from './outcome.js';

/** A site's boundary, in British National Grid metres whatever the file's CRS. */
export interface SiteBoundary {
  siteRef: string;
  geometry: Polygon | MultiPolygon;
}

type Crs = GeoJsonCrs;

/**
 * Property names tried, in order, for the site reference when the upload does not name one.
 * `site_refer` is `site_reference` as a Shapefile's dBase table keeps it (ten characters at most).
 */
export const DEFAULT_REFERENCE_PROPERTIES = [
  'site_reference',
  'Site Reference',
  'reference',
  'ref',
  'SiteReference',
  'site_ref',
  'site_refer',
] as const;

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

/** Every position of a Polygon or MultiPolygon, or null when the coordinates are not shaped as GeoJSON says. */
function positionsOf(geometry: Polygon | MultiPolygon): Position[] | null {
  const polygons: unknown[] =
    geometry.type === 'Polygon' ? [geometry.coordinates] : (geometry.coordinates as unknown[]);
  if (!Array.isArray(polygons)) return null;
  const positions: Position[] = [];
  for (const rings of polygons) {
    if (!Array.isArray(rings)) return null;
    for (const ring of rings) {
      if (!Array.isArray(ring) || !ring.every(isPosition)) return null;
      positions.push(...(ring as Position[]));
    }
  }
  return positions;
}

function asAreal(geometry: unknown): Polygon | MultiPolygon | null {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) return null;
  return g as Polygon | MultiPolygon;
}

function rawProperties(properties: Record<string, unknown>): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    raw[key] = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
  }
  return raw;
}

function referenceOf(properties: Record<string, unknown>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = properties[name];
    if ((typeof value === 'string' || typeof value === 'number') && String(value).trim() !== '')
      return String(value).trim();
  }
  return null;
}

function coordinateProblem(positions: Position[], crs: Crs): RowProblem | null {
  for (const [x, y] of positions as Array<[number, number]>) {
    if (crs === 'EPSG:27700') {
      if (checkBngPoint({ eastingM: x, northingM: y })) {
        return {
          field: 'geometry',
          code: 'outside_great_britain',
          message: `position ${x}, ${y} is outside Great Britain's National Grid`,
        };
      }
      continue;
    }
    const problem = checkLonLat(y, x);
    if (problem === 'latlon_swapped') {
      return {
        field: 'geometry',
        code: 'latlon_swapped',
        message: `position [${x}, ${y}] reads as [latitude, longitude]; GeoJSON puts longitude first`,
      };
    }
    if (problem) {
      const hint = looksLikeBngCoordinates([x], [y])
        ? ' (it looks like British National Grid metres: declare EPSG:27700)'
        : '';
      return {
        field: 'geometry',
        code: 'outside_great_britain',
        message: `position [${x}, ${y}] (longitude, latitude) is outside Great Britain${hint}`,
      };
    }
  }
  return null;
}

/** Site boundaries from a GeoJSON FeatureCollection; `row` is the feature's position in the file, from 1. */
export async function* readBoundaries(
  bytes: Uint8Array,
  options: ReadOptions,
): AsyncGenerator<RowOutcome<SiteBoundary>> {
  const { crsMember, features } = parseFeatureCollection(bytes, options.filename);
  const names = options.referenceProperty ? [options.referenceProperty] : DEFAULT_REFERENCE_PROPERTIES;
  if (features.length > 0 && !features.some((f) => names.some((n) => n in f.properties))) {
    const found = [...new Set(features.slice(0, 50).flatMap((f) => Object.keys(f.properties)))];
    throw new FileUnreadable(
      `no feature has a site reference property (tried ${names.map((n) => `"${n}"`).join(', ')}); properties found: ${found.map((n) => `"${n}"`).join(', ') || '(none)'}. ${RETRY_WITH_OPTION('--reference-property NAME (referenceProperty), naming the property that holds the site reference')}`,
    );
  }
  const reading = geoJsonCrs(
    crsMember,
    options.crs,
    features.map((f) => f.geometry),
    `. ${RETRY_WITH_OPTION('--crs (crs)')}`,
  );
  options.onRead?.(reading);
  const { crs } = reading;
  const firstRowOf = new Map<string, number>();
  let row = 0;
  for (const feature of features) {
    row += 1;
    const problems: RowProblem[] = [];
    const siteRef = referenceOf(feature.properties, names);
    if (siteRef === null) {
      problems.push({
        field: names[0] ?? 'site_reference',
        code: 'missing_required',
        message: `the site reference (${names.join(' / ')}) is required`,
      });
    } else {
      const first = firstRowOf.get(siteRef);
      if (first !== undefined)
        problems.push({
          field: names[0] ?? 'site_reference',
          code: 'duplicate_in_file',
          message: `site ${siteRef} already has a boundary in feature ${first}`,
        });
      else firstRowOf.set(siteRef, row);
    }
    const geometry = asAreal(feature.geometry);
    const positions = geometry && positionsOf(geometry);
    if (!geometry) {
      const type = (feature.geometry as { type?: unknown } | null)?.type;
      problems.push({
        field: 'geometry',
        code: 'invalid_geometry',
        message: type
          ? `a boundary must be a Polygon or MultiPolygon, not ${String(type)}`
          : 'the feature has no geometry',
      });
    } else if (!positions) {
      problems.push({
        field: 'geometry',
        code: 'invalid_geometry',
        message: 'the coordinates are not rings of [x, y] number pairs',
      });
    } else {
      const outside = coordinateProblem(positions, crs);
      if (outside) problems.push(outside);
      for (const message of geometryProblems(geometry))
        problems.push({ field: 'geometry', code: 'invalid_geometry', message });
    }
    const raw = rawProperties(feature.properties);
    if (problems.length > 0 || !geometry || siteRef === null) {
      yield { kind: 'rejected', row, raw, problems };
      continue;
    }
    yield {
      kind: 'accepted',
      row,
      raw,
      record: { siteRef, geometry: crs === 'EPSG:4326' ? geometryToBng(geometry) : geometry },
    };
  }
}
