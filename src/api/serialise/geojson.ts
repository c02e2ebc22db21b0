import type { LandSite } from '../../db/land.js';

/** Properties of a land feature: everything but the geometry, never a valuation figure. */
export function landFeature(site: LandSite): {
  type: 'Feature';
  id: number;
  geometry: LandSite['geometry'];
  properties: Omit<LandSite, 'geometry'>;
} {
  const { geometry, ...properties } = site;
  return { type: 'Feature', id: site.siteId, geometry, properties };
}

export const GEOJSON_TYPE = 'application/geo+json';
