import { booleanPointInPolygon } from '@turf/turf';
import fc from 'fast-check';
import proj4 from 'proj4';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { BNG, BNG_PROJ4, WGS84 } from '../../../geo/crs.js';
import { geometryToBng, geometryToLonLat, toBng, toLonLat } from '../../../geo/transform.js';
import { readCodePoint, readGlaBoroughs } from '../../support/shipped-data.js';

/** Greater London's grid extent with a margin: eastings 500–565 km, northings 155–205 km. */
const londonBng = fc.record({
  eastingM: fc.double({ min: 500_000, max: 565_000, noNaN: true }),
  northingM: fc.double({ min: 155_000, max: 205_000, noNaN: true }),
});

describe('crs', () => {
  it('names the EPSG codes and carries PostGIS’s 27700 Helmert shift', () => {
    expect(BNG).toBe('EPSG:27700');
    expect(WGS84).toBe('EPSG:4326');
    expect(BNG_PROJ4).toContain('+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489');
  });

  it('puts the true origin (49°N 2°W on Airy 1830) at false easting 400 km, northing −100 km', () => {
    // Same datum both sides, so only the projection is tested: this pins lat_0, lon_0, x_0, y_0 and the ellipsoid.
    const airyLonLat = '+proj=longlat +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +no_defs';
    const [eastingM, northingM] = proj4(airyLonLat, BNG, [-2, 49]);
    expect(Math.abs(eastingM - 400_000)).toBeLessThan(0.01);
    expect(Math.abs(northingM + 100_000)).toBeLessThan(0.01);
  });
});

describe('toBng / toLonLat', () => {
  it('round-trips 27700 → 4326 → 27700 within a centimetre anywhere in London', () => {
    fc.assert(
      fc.property(londonBng, (p) => {
        const back = toBng(toLonLat(p));
        return Math.hypot(back.eastingM - p.eastingM, back.northingM - p.northingM) < 0.01;
      }),
      { numRuns: 2_000 },
    );
  });

  it('returns longitude first, and London lies a little either side of Greenwich', () => {
    const [lon, lat] = toLonLat({ eastingM: 540_291, northingM: 168_873 }); // BR1 1AA in Code-Point
    expect(lon).toBeGreaterThan(0);
    expect(lon).toBeLessThan(0.05);
    expect(lat).toBeGreaterThan(51.38);
    expect(lat).toBeLessThan(51.42);
    const west = toLonLat({ eastingM: 507_890, northingM: 183_653 }); // Hillingdon's centroid
    expect(west[0]).toBeLessThan(-0.4);
  });

  it('moves grid metres by the Helmert shift: WGS84 (−2°, 49°) is not the true origin', () => {
    const p = toBng([-2, 49]);
    // The datum shift is about a hundred metres here; zero would mean towgs84 had been lost.
    const shiftM = Math.hypot(p.eastingM - 400_000, p.northingM + 100_000);
    expect(shiftM).toBeGreaterThan(50);
    expect(shiftM).toBeLessThan(200);
  });
});

describe('geometryToBng / geometryToLonLat', () => {
  const square: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [-0.1, 51.5],
        [-0.09, 51.5],
        [-0.09, 51.51],
        [-0.1, 51.51],
        [-0.1, 51.5],
      ],
    ],
  };

  it('maps every position of a polygon and keeps its type and shape', () => {
    const bng = geometryToBng(square);
    expect(bng.type).toBe('Polygon');
    expect(bng.coordinates[0]).toHaveLength(5);
    const [first, east, , north] = bng.coordinates[0] ?? [];
    // 0.01° of longitude is about 693 m at 51.5°N and 0.01° of latitude about 1,113 m; the grid is turned about
    // 1.5° from true north here, so each side gains a cross-grid component of some 20–30 m.
    const side = (a: number[] | undefined, b: number[] | undefined) =>
      Math.hypot((b?.[0] ?? 0) - (a?.[0] ?? 0), (b?.[1] ?? 0) - (a?.[1] ?? 0));
    expect(Math.abs(side(first, east) - 693)).toBeLessThan(3);
    expect(Math.abs(side(first, north) - 1113)).toBeLessThan(3);
    expect(bng.coordinates[0]?.[0]).toEqual(bng.coordinates[0]?.[4]);
  });

  it('round-trips multipolygons and points, dropping heights', () => {
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] };
    const back = geometryToLonLat(geometryToBng(multi));
    expect(back.type).toBe('MultiPolygon');
    back.coordinates.flat(2).forEach((position, i) => {
      const original = multi.coordinates.flat(2)[i] ?? [];
      expect(position[0]).toBeCloseTo(original[0] ?? NaN, 7);
      expect(position[1]).toBeCloseTo(original[1] ?? NaN, 7);
    });
    const point: Point = { type: 'Point', coordinates: [-0.1, 51.5, 35] };
    const bngPoint = geometryToBng(point);
    expect(bngPoint.coordinates).toHaveLength(2);
    expect(bngPoint.coordinates).toEqual([toBng([-0.1, 51.5]).eastingM, toBng([-0.1, 51.5]).northingM]);
  });

  it('does not change the geometry it is given', () => {
    const copy = structuredClone(square);
    geometryToBng(square);
    expect(square).toEqual(copy);
  });
});

describe('toLonLat on real postcodes', () => {
  it('puts Code-Point postcodes, moved to lon/lat, inside their own borough’s GLA polygon (in CRS84)', async () => {
    const gla = await readGlaBoroughs();
    const polygonByCode = new Map(gla.features.map((f) => [f.properties.GSS_CODE, f]));
    // Every 100th postcode: 1,815 of them, the same each run.
    const postcodes = (await readCodePoint()).filter((_, i) => i % 100 === 0);
    expect(postcodes.length).toBeGreaterThanOrEqual(1_800);
    const outside = postcodes.filter((r) => {
      const borough = polygonByCode.get(r.districtCode);
      return !borough || !booleanPointInPolygon(toLonLat(r), borough);
    });
    expect(outside.length / postcodes.length).toBeLessThanOrEqual(0.005);
  });
});
