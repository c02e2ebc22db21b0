import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { BoroughLocator } from '../../../geo/borough-locator.js';
import { findBorough, LONDON_BOROUGHS } from '../../../geo/boroughs.js';
import { readCodePoint, readGlaBoroughs, repoPath, type CodePointRow } from '../../support/shipped-data.js';

const shippedPath = repoPath('geo/data/london-boroughs.geojson');
const readShipped = (): FeatureCollection<Polygon | MultiPolygon> => JSON.parse(readFileSync(shippedPath, 'utf8'));

function agreement(locator: BoroughLocator, rows: CodePointRow[]): { share: number; misplaced: string[] } {
  const misplaced = rows
    .filter((r) => locator.locate(r) !== r.districtCode)
    .map((r) => `${r.postcode} ${r.districtCode} → ${locator.locate(r)}`);
  return { share: 1 - misplaced.length / rows.length, misplaced };
}

describe('BoroughLocator on real postcodes', () => {
  // Every postcode in the file, not a sample: the whole run takes about a second per boundary file.
  let postcodes: CodePointRow[] = [];
  beforeAll(async () => {
    postcodes = await readCodePoint();
  });

  it('checks all 181,469 postcodes, covering every borough', () => {
    expect(postcodes.length).toBe(181_469);
    expect(new Set(postcodes.map((r) => r.districtCode)).size).toBe(33);
  });

  it('puts ≥ 99.5% of Code-Point postcodes in their own borough with the full GLA polygons', async () => {
    const { share, misplaced } = agreement(BoroughLocator.fromGeoJson(await readGlaBoroughs()), postcodes);
    console.info(
      `full GLA file: ${(share * 100).toFixed(3)}% of ${postcodes.length} agree; ${misplaced.slice(0, 20).join(', ')}`,
    );
    expect(share).toBeGreaterThanOrEqual(0.995);
  });

  it('puts ≥ 98% of them in their own borough with the shipped simplified polygons', () => {
    const { share, misplaced } = agreement(BoroughLocator.fromGeoJson(readShipped()), postcodes);
    console.info(
      `shipped file: ${(share * 100).toFixed(3)}% of ${postcodes.length} agree; ${misplaced.slice(0, 20).join(', ')}`,
    );
    expect(share).toBeGreaterThanOrEqual(0.98);
  });
});

describe('BoroughLocator', () => {
  const locator = BoroughLocator.fromGeoJson(readShipped());

  it('finds each borough at its own centroid', () => {
    // Every London borough is convex enough that its area centroid lies inside it.
    for (const b of LONDON_BOROUGHS) expect(locator.locate(b.centroid), b.name).toBe(b.gssCode);
  });

  it('finds known places: Charing Cross in Westminster, BR1 1AA in Bromley', () => {
    expect(locator.locate({ eastingM: 530_043, northingM: 180_358 })).toBe(findBorough('City of Westminster')?.gssCode);
    expect(locator.locate({ eastingM: 540_291, northingM: 168_873 })).toBe('E09000006');
  });

  it('finds no borough outside London or mid-Thames', () => {
    expect(locator.locate({ eastingM: 451_000, northingM: 206_000 })).toBeNull(); // Oxford
    expect(locator.locate({ eastingM: 0, northingM: 0 })).toBeNull();
    expect(locator.locate({ eastingM: 530_600, northingM: 180_400 })).toBeNull(); // the river by Waterloo Bridge
  });

  it('finds nothing when given no boroughs, and refuses features it cannot use', () => {
    expect(
      BoroughLocator.fromGeoJson({ type: 'FeatureCollection', features: [] }).locate({
        eastingM: 530_000,
        northingM: 180_000,
      }),
    ).toBeNull();
    const point: Feature = {
      type: 'Feature',
      properties: { GSS_CODE: 'E09000001' },
      geometry: { type: 'Point', coordinates: [0, 51] },
    };
    expect(() => BoroughLocator.fromGeoJson({ type: 'FeatureCollection', features: [point] })).toThrow(/not a polygon/);
    const nameless: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [] } };
    expect(() => BoroughLocator.fromGeoJson({ type: 'FeatureCollection', features: [nameless] })).toThrow(/GSS_CODE/);
  });
});

describe('the shipped borough file', () => {
  const shipped = readShipped();

  it('holds the 33 boroughs with only GSS_CODE and NAME, in CRS84 to 6 decimal places', () => {
    expect(shipped.features.map((f) => f.properties?.GSS_CODE)).toEqual(LONDON_BOROUGHS.map((b) => b.gssCode));
    for (const f of shipped.features) {
      expect(Object.keys(f.properties ?? {}).sort()).toEqual(['GSS_CODE', 'NAME']);
      expect(findBorough(String(f.properties?.GSS_CODE))?.name).toBe(f.properties?.NAME);
    }
    const positions = shipped.features.flatMap((f) =>
      (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2),
    );
    expect(positions.every(([lon = NaN, lat = NaN]) => lon > -0.6 && lon < 0.4 && lat > 51.2 && lat < 51.8)).toBe(true);
    expect(positions.every((p) => p.every((v) => Number(v.toFixed(6)) === v))).toBe(true);
  });

  it('stays a few hundred kB', () => {
    expect(readFileSync(shippedPath).length).toBeLessThan(400_000);
  });
});
