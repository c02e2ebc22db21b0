import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { PolygonEdgeIndex, type LabelledPolygon } from '../../../geo/polygon-edges.js';
import { geometryToBng } from '../../../geo/transform.js';
import { readCodePoint, repoPath } from '../../support/shipped-data.js';

const shipped = JSON.parse(readFileSync(repoPath('geo/data/london-boroughs.geojson'), 'utf8')) as FeatureCollection<
  Polygon | MultiPolygon
>;
const boroughPolygons: LabelledPolygon[] = shipped.features.flatMap((f) => {
  const label = String(f.properties?.GSS_CODE);
  const grid = geometryToBng(f.geometry);
  return grid.type === 'Polygon'
    ? [{ label, rings: grid.coordinates }]
    : grid.coordinates.map((rings) => ({ label, rings }));
});

describe('PolygonEdgeIndex cell answers', () => {
  it('give exactly the per-point answer for every Code-Point postcode and for points on and beside every boundary vertex', async () => {
    const exact = new PolygonEdgeIndex(boroughPolygons, 0);
    const points = (await readCodePoint()).map((r) => ({ eastingM: r.eastingM, northingM: r.northingM }));
    for (const polygon of boroughPolygons) {
      for (const [x = 0, y = 0] of polygon.rings[0] ?? []) {
        for (const d of [0, 1e-7, 0.01, 3, 40])
          points.push({ eastingM: x + d, northingM: y - d }, { eastingM: x - d, northingM: y + d });
      }
    }
    for (const cellM of [500, 2_000, 37]) {
      const cached = new PolygonEdgeIndex(boroughPolygons, cellM);
      const differing = points.filter((p) => JSON.stringify(cached.holding(p)) !== JSON.stringify(exact.holding(p)));
      expect(differing, `cells of ${cellM} m`).toEqual([]);
    }
    expect(points.length).toBeGreaterThan(200_000);
    expect(points.filter((p) => exact.holding(p).onBoundary).length).toBeGreaterThan(1_000);
  });
});
