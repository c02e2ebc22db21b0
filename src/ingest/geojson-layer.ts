import { FileUnreadable } from './file-unreadable.js';
import { assertPositionsFit, geoJsonCrs, type GeoJsonCrs } from './geojson-crs.js';
import type { GeoJsonReading } from './outcome.js';
import { decodeWholeText } from './text.js';

/** A feature as read: properties always an object, geometry as the file has it (checked by whoever uses it). */
export interface GeoJsonFeature {
  properties: Record<string, unknown>;
  geometry: unknown;
}

/** A FeatureCollection's features and its `crs` member, or FileUnreadable saying why it is not one. */
export function parseFeatureCollection(
  bytes: Uint8Array,
  filename: string,
): { crsMember: unknown; features: GeoJsonFeature[] } {
  if (bytes.length === 0) throw new FileUnreadable('the file is empty');
  let json: unknown;
  try {
    json = JSON.parse(decodeWholeText(bytes));
  } catch (cause) {
    throw new FileUnreadable(`${filename} is not GeoJSON: ${(cause as Error).message}`, { cause });
  }
  const collection = json as { type?: unknown; features?: unknown; crs?: unknown } | null;
  if (
    !collection ||
    typeof collection !== 'object' ||
    collection.type !== 'FeatureCollection' ||
    !Array.isArray(collection.features)
  ) {
    throw new FileUnreadable(
      `${filename} is not a GeoJSON FeatureCollection (its "type" must be "FeatureCollection", with a "features" list)`,
    );
  }
  const features = (collection.features as unknown[]).map((f): GeoJsonFeature => {
    const feature = (f && typeof f === 'object' ? f : {}) as { properties?: unknown; geometry?: unknown };
    const properties =
      feature.properties && typeof feature.properties === 'object'
        ? (feature.properties as Record<string, unknown>)
        : {};
    return { properties, geometry: feature.geometry ?? null };
  });
  return { crsMember: collection.crs, features };
}

/** A whole reference layer (borough polygons, population areas) for PostGIS, with the CRS it is in. */
export interface GeoJsonLayer {
  features: GeoJsonFeature[];
  reading: GeoJsonReading;
}

/**
 * A layer file read under the one CRS rule (geojson-crs.ts), every position checked against the
 * CRS chosen, so PostGIS is only ever handed coordinates it can transform.
 */
export function readGeoJsonLayer(bytes: Uint8Array, filename: string, crs?: GeoJsonCrs): GeoJsonLayer {
  const { crsMember, features } = parseFeatureCollection(bytes, filename);
  const geometries = features.map((f) => f.geometry);
  const reading = geoJsonCrs(crsMember, crs, geometries);
  assertPositionsFit(reading, geometries);
  return { features, reading };
}
