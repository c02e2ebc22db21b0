import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { BngPoint } from './bng.js';
import { PolygonEdgeIndex } from './polygon-edges.js';
import { geometryToBng } from './transform.js';

interface BoroughPart {
  gssCode: string;
  /** One polygon of the borough (a MultiPolygon contributes one part per polygon), in grid metres. */
  polygon: Polygon;
}

function boundingBox(rings: Position[][]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x = NaN, y = NaN] of rings[0] ?? []) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Which borough a grid point lies in. Polygons are moved to the grid once, so a lookup costs no projection; a
 * flatbush index over their bounding boxes leaves at most a few point-in-polygon tests per lookup. Boundaries
 * exclude the Thames, so a point mid-river, or outside London, has no borough. Where simplified neighbours
 * overlap slightly, the first feature in file order wins, so the answer is always the same.
 */
export class BoroughLocator {
  private edges: PolygonEdgeIndex | null = null;

  private constructor(
    private readonly parts: readonly BoroughPart[],
    private readonly tree: Flatbush | null,
  ) {}

  /** From a CRS84 FeatureCollection whose features carry GSS_CODE (NAME may be there too; it is not needed). */
  static fromGeoJson(fc: FeatureCollection): BoroughLocator {
    const parts: BoroughPart[] = [];
    fc.features.forEach((feature, i) => {
      const gssCode = feature.properties?.GSS_CODE;
      if (typeof gssCode !== 'string' || gssCode === '') {
        throw new TypeError(`borough feature ${i} has no GSS_CODE`);
      }
      const g = feature.geometry;
      if (g?.type === 'Polygon') {
        parts.push({ gssCode, polygon: geometryToBng(g) });
      } else if (g?.type === 'MultiPolygon') {
        for (const coordinates of geometryToBng(g).coordinates)
          parts.push({ gssCode, polygon: { type: 'Polygon', coordinates } });
      } else {
        throw new TypeError(`borough feature ${i} (${gssCode}) is a ${g?.type ?? 'missing geometry'}, not a polygon`);
      }
    });
    return BoroughLocator.fromParts(parts);
  }

  /** From boundaries already in grid metres (as PostGIS holds them in EPSG:27700), one MultiPolygon per borough. */
  static fromGrid(boroughs: ReadonlyArray<{ gssCode: string; multiPolygon: MultiPolygon }>): BoroughLocator {
    return BoroughLocator.fromParts(
      boroughs.flatMap(({ gssCode, multiPolygon }) =>
        multiPolygon.coordinates.map((coordinates) => ({
          gssCode,
          polygon: { type: 'Polygon' as const, coordinates },
        })),
      ),
    );
  }

  private static fromParts(parts: BoroughPart[]): BoroughLocator {
    if (parts.length === 0) return new BoroughLocator(parts, null);
    const tree = new Flatbush(parts.length);
    for (const part of parts) tree.add(...boundingBox(part.polygon.coordinates));
    tree.finish();
    return new BoroughLocator(parts, tree);
  }

  /**
   * The boroughs whose interior holds p, lowest GSS code first, and whether p lies on (within a
   * micrometre of) any boundary line: there the answer depends on a tie rule and on floating-point
   * predicates that differ between libraries, so callers may want to settle it elsewhere.
   */
  holding(p: BngPoint): { inside: string[]; onBoundary: boolean } {
    this.edges ??= new PolygonEdgeIndex(
      this.parts.map((part) => ({ label: part.gssCode, rings: part.polygon.coordinates })),
    );
    return this.edges.holding(p);
  }

  /** The GSS code of the borough containing p (its boundary included), or null if none does. */
  locate(p: BngPoint): string | null {
    if (!this.tree) return null;
    const candidates = this.tree.search(p.eastingM, p.northingM, p.eastingM, p.northingM).sort((a, b) => a - b);
    const position = [p.eastingM, p.northingM];
    for (const index of candidates) {
      const part = this.parts[index] as BoroughPart;
      if (booleanPointInPolygon(position, part.polygon)) return part.gssCode;
    }
    return null;
  }
}
