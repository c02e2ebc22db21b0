import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { findBorough, LONDON_BOROUGHS, SUB_REGION_NAMES, type SubRegion } from '../../../geo/boroughs.js';
import { geometryToBng } from '../../../geo/transform.js';
import { readGlaBoroughs } from '../../support/shipped-data.js';

/** Area-weighted centroid by the shoelace formula, over every ring of every part. */
function shoelaceCentroid(g: Polygon | MultiPolygon): [number, number] {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let twiceArea = 0;
  let sumX = 0;
  let sumY = 0;
  for (const ring of polygons.flat() as Position[][]) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0 = 0, y0 = 0] = ring[i] ?? [];
      const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
      const cross = x0 * y1 - x1 * y0;
      twiceArea += cross;
      sumX += (x0 + x1) * cross;
      sumY += (y0 + y1) * cross;
    }
  }
  return [sumX / (3 * twiceArea), sumY / (3 * twiceArea)];
}

describe('LONDON_BOROUGHS', () => {
  it('holds the 33 authorities E09000001–E09000033, once each, in code order', () => {
    expect(LONDON_BOROUGHS.map((b) => b.gssCode)).toEqual(
      Array.from({ length: 33 }, (_, i) => `E090000${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('splits them into the ICB footprints: NWL 8, NCL 5, NEL 8, SEL 6, SWL 6', () => {
    const count = (s: SubRegion) => LONDON_BOROUGHS.filter((b) => b.subRegion === s).length;
    expect([count('NWL'), count('NCL'), count('NEL'), count('SEL'), count('SWL')]).toEqual([8, 5, 8, 6, 6]);
    expect(findBorough('City of London')?.subRegion).toBe('NEL');
    expect(findBorough('Westminster')?.subRegion).toBe('NWL');
    expect(findBorough('Lambeth')?.subRegion).toBe('SEL');
    expect(findBorough('Wandsworth')?.subRegion).toBe('SWL');
    expect(findBorough('Haringey')?.subRegion).toBe('NCL');
    expect(SUB_REGION_NAMES.NEL).toBe('North East London');
  });

  it('agrees with the GLA boundary file on names, ONS inner London and centroids (to the metre)', async () => {
    const gla = await readGlaBoroughs();
    expect(gla.features).toHaveLength(33);
    for (const feature of gla.features) {
      const b = findBorough(feature.properties.GSS_CODE);
      expect(b?.name, feature.properties.GSS_CODE).toBe(feature.properties.NAME);
      expect(b?.inner, feature.properties.NAME).toBe(feature.properties.ONS_INNER === 'T');
      const [eastingM, northingM] = shoelaceCentroid(geometryToBng(feature.geometry));
      expect(Math.abs((b?.centroid.eastingM ?? 0) - eastingM), feature.properties.NAME).toBeLessThanOrEqual(0.5);
      expect(Math.abs((b?.centroid.northingM ?? 0) - northingM), feature.properties.NAME).toBeLessThanOrEqual(0.5);
    }
    expect(LONDON_BOROUGHS.filter((b) => b.inner)).toHaveLength(14);
  });
});

describe('findBorough', () => {
  it('finds by GSS code, in any case and with stray spaces', () => {
    expect(findBorough('E09000033')?.name).toBe('Westminster');
    expect(findBorough(' e09000001 ')?.name).toBe('City of London');
    expect(findBorough('E09000034')).toBeNull();
    expect(findBorough('E08000001')).toBeNull();
  });

  it('tolerates the spellings registers use', () => {
    const cases: Array<[string, string]> = [
      ['Barking & Dagenham', 'E09000002'],
      ['barking and dagenham', 'E09000002'],
      ['BARKING  AND DAGENHAM', 'E09000002'],
      ['Hammersmith & Fulham', 'E09000013'],
      ['London Borough of Hammersmith and Fulham', 'E09000013'],
      ['Royal Borough of Kensington and Chelsea', 'E09000020'],
      ['Kensington & Chelsea', 'E09000020'],
      ['City of Westminster', 'E09000033'],
      ['Westminster City Council', 'E09000033'],
      ['City of London', 'E09000001'],
      ['Corporation of London', 'E09000001'],
      ['Kingston-upon-Thames', 'E09000021'],
      ['Royal Borough of Kingston upon Thames', 'E09000021'],
      ['Kingston', 'E09000021'],
      ['Richmond', 'E09000027'],
      ['London Borough of Richmond upon Thames', 'E09000027'],
      ['Tower Hamlets', 'E09000030'],
      ['LB Camden', 'E09000007'],
      ['Camden Council', 'E09000007'],
      ['Croydon London Borough Council', 'E09000008'],
      ['Waltham  Forest', 'E09000031'],
    ];
    for (const [text, code] of cases) expect(findBorough(text)?.gssCode, text).toBe(code);
  });

  it('finds every borough by its own name', () => {
    for (const b of LONDON_BOROUGHS) expect(findBorough(b.name)).toBe(b);
  });

  it('returns null for places that are not London boroughs', () => {
    for (const text of [
      '',
      'London',
      'Surrey',
      'Kingston upon Hull',
      'Richmondshire',
      'Westminster Abbey',
      'Borough of',
      'E09',
    ]) {
      expect(findBorough(text), text).toBeNull();
    }
  });
});
