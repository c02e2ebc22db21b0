import type { Geometry, Position } from 'geojson';
import type { BngPoint } from './bng.js';
import { bngConverter } from './crs.js';

/** WGS84 longitude/latitude (longitude first, as GeoJSON) to British National Grid metres. */
export function toBng(lonLat: [lon: number, lat: number]): BngPoint {
  const [eastingM, northingM] = bngConverter.forward([lonLat[0], lonLat[1]]);
  return { eastingM, northingM };
}

/** British National Grid metres to WGS84 [longitude, latitude]. */
export function toLonLat(p: BngPoint): [number, number] {
  const [lon, lat] = bngConverter.inverse([p.eastingM, p.northingM]);
  return [lon, lat];
}

/**
 * Positions come out two-dimensional: a height given against one datum means nothing after a Helmert shift
 * to another, and nothing downstream uses heights.
 */
function mapGeometry<G extends Geometry>(g: G, mapPosition: (p: Position) => Position): G {
  const ring = (positions: Position[]): Position[] => positions.map(mapPosition);
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: mapPosition(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: ring(g.coordinates) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map(ring) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((polygon) => polygon.map(ring)) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((member) => mapGeometry(member, mapPosition)) };
  }
}

function positionToBng(p: Position): Position {
  const { eastingM, northingM } = toBng([p[0] as number, p[1] as number]);
  return [eastingM, northingM];
}

function positionToLonLat(p: Position): Position {
  return toLonLat({ eastingM: p[0] as number, northingM: p[1] as number });
}

/** A WGS84 GeoJSON geometry with every position moved onto the British National Grid. */
export function geometryToBng<G extends Geometry>(g: G): G {
  return mapGeometry(g, positionToBng);
}

/** A British National Grid geometry with every position moved to WGS84 longitude/latitude. */
export function geometryToLonLat<G extends Geometry>(g: G): G {
  return mapGeometry(g, positionToLonLat);
}
