import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { toLonLat } from '../../geo/transform.js';

/** The WebMercatorQuad tile holding a BNG point at zoom z. */
export function tileOf(eastingM: number, northingM: number, z: number): { z: number; x: number; y: number } {
  const [lon, lat] = toLonLat({ eastingM, northingM });
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
}

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, unknown>;
  lonLat: unknown;
}

/** The features of one layer of an MVT, decoded by @mapbox/vector-tile, with their geometry in lon/lat. */
export function decodeTile(
  bytes: Uint8Array,
  at: { z: number; x: number; y: number },
): { layers: string[]; features: (layer: string) => DecodedFeature[] } {
  const tile = new VectorTile(new PbfReader(bytes));
  return {
    layers: Object.keys(tile.layers),
    features: (layer) => {
      const found = tile.layers[layer];
      if (!found) return [];
      return Array.from({ length: found.length }, (_, i) => {
        const f = found.feature(i);
        return { id: f.id, type: f.type, properties: f.properties, lonLat: f.toGeoJSON(at.x, at.y, at.z).geometry };
      });
    },
  };
}
