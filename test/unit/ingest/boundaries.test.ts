import { describe, expect, it } from 'vitest';
import { planarAreaM2 } from '../../../geo/area.js';
import { toBng } from '../../../geo/transform.js';
import { readUpload, type ReadOptions } from '../../../src/ingest/index.js';
import { accepted, codes, collect, example, fixture, utf8 } from './support.js';

const read = (bytes: Uint8Array, options: Partial<ReadOptions> = {}) =>
  collect(readUpload('boundaries', bytes, { uploadedYear: 2026, filename: 'boundaries.geojson', ...options }));

const square = (x: number, y: number, side: number) => [
  [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
    [x, y],
  ],
];
const collection = (features: unknown[], crs?: string) =>
  utf8(
    JSON.stringify({
      type: 'FeatureCollection',
      ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
      features,
    }),
  );
const feature = (properties: Record<string, unknown>, coordinates: unknown, type = 'Polygon') => ({
  type: 'Feature',
  properties,
  geometry: { type, coordinates },
});

describe('site boundaries (GeoJSON)', () => {
  it('reads the documented example in declared BNG, untouched', async () => {
    const outcomes = await read(example('boundaries.geojson'));
    const [first, second] = outcomes.map(accepted);
    expect(first?.siteRef).toBe('NHSPS-0001');
    expect(planarAreaM2(first!.geometry)).toBe(4200);
    expect(second?.geometry.type).toBe('MultiPolygon');
  });

  it('detects undeclared British National Grid from the coordinate ranges, and refuses a bow-tie', async () => {
    const outcomes = await read(fixture('boundaries-bng-undeclared.geojson'));
    expect(accepted(outcomes[0]).geometry.coordinates).toEqual(
      square(529050, 186880, 70).map((r) => r.map(([x, y]) => [x, y === 186950 ? 186940 : y])),
    );
    expect(codes(outcomes[1])).toEqual(['geometry:invalid_geometry']);
  });

  it('converts CRS84 to BNG, and rejects swapped, non-polygon, unclosed, repeated and unreferenced features', async () => {
    const outcomes = await read(fixture('boundaries-crs84.geojson'), { referenceProperty: undefined });
    const first = accepted(outcomes[0]);
    expect(first.siteRef).toBe('CHP-LON-014');
    const corner = toBng([-0.062, 51.518]);
    expect(first.geometry.coordinates[0]?.[0]).toEqual([corner.eastingM, corner.northingM]);
    expect(codes(outcomes[1])).toEqual(['geometry:latlon_swapped']);
    expect(codes(outcomes[2])).toEqual(['geometry:invalid_geometry']);
    expect(codes(outcomes[3])).toEqual(
      ['geometry:invalid_geometry', 'geometry:invalid_geometry', 'site_reference:duplicate_in_file'].sort(),
    );
    expect(codes(outcomes[4])).toEqual(['site_reference:missing_required']);
    expect(outcomes.map((o) => o.row)).toEqual([1, 2, 3, 4, 5]);
    expect(outcomes[0]?.raw).toEqual({ ref: 'CHP-LON-014', owner: 'CHP' });
  });

  it('refuses a file that declares nothing and mixes metres with degrees, saying why', async () => {
    await expect(read(fixture('boundaries-ambiguous.geojson'))).rejects.toThrow(
      /declares no coordinate system.*neither longitude\/latitude nor all British National Grid/,
    );
  });

  it('takes the CRS from the upload when the file declares none, and refuses a contradiction', async () => {
    const bng = collection([feature({ ref: 'A' }, square(529000, 186900, 10))]);
    expect(planarAreaM2(accepted((await read(bng, { crs: 'EPSG:27700' }))[0]).geometry)).toBe(100);
    const declared = collection([feature({ ref: 'A' }, square(529000, 186900, 10))], 'EPSG:27700');
    await expect(read(declared, { crs: 'EPSG:4326' })).rejects.toThrow(
      'the file declares EPSG:27700 but the upload says EPSG:4326',
    );
    await expect(read(collection([], 'EPSG:2157'))).rejects.toThrow(/"EPSG:2157"/);
  });

  it('rejects grid metres in a file declared lon/lat, hinting at the right CRS', async () => {
    const outcomes = await read(
      collection([feature({ ref: 'A' }, square(529000, 186900, 10))], 'urn:ogc:def:crs:OGC:1.3:CRS84'),
    );
    const problem = outcomes[0]?.kind === 'rejected' ? outcomes[0].problems[0] : undefined;
    expect(problem).toMatchObject({ code: 'outside_great_britain' });
    expect(problem?.message).toMatch(/declare EPSG:27700/);
  });

  it('rejects positions outside the National Grid in a BNG file', async () => {
    const outcomes = await read(collection([feature({ ref: 'A' }, square(-10, 186900, 10))], 'EPSG:27700'));
    expect(codes(outcomes[0])).toEqual(['geometry:outside_great_britain']);
  });

  it('uses a named reference property, and refuses a file where no feature has it', async () => {
    const bytes = collection([feature({ code: 'X1' }, square(529000, 186900, 10))], 'EPSG:27700');
    expect(accepted((await read(bytes, { referenceProperty: 'code' }))[0]).siteRef).toBe('X1');
    await expect(read(bytes)).rejects.toThrow(/no feature has a site reference property .*properties found: "code"/);
  });

  it('refuses what is not a FeatureCollection', async () => {
    await expect(read(utf8('{"type":"Feature"}'))).rejects.toThrow(/not a GeoJSON FeatureCollection/);
    await expect(read(utf8('not json'))).rejects.toThrow(/is not GeoJSON/);
  });
});
