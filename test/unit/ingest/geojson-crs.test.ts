import { describe, expect, it } from 'vitest';
import { FileUnreadable } from '../../../src/ingest/index.js';
import { geoJsonCrs } from '../../../src/ingest/geojson-crs.js';
import { readGeoJsonLayer } from '../../../src/ingest/geojson-layer.js';
import { utf8 } from './support.js';

const square = (x: number, y: number, d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y],
    ],
  ],
});
const METRES = square(530000, 180000, 100);
const DEGREES = square(-0.1, 51.5, 0.001);
const BNG = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } };

describe('the one CRS rule', () => {
  it('takes the crs member first, then the option, then the coordinates, and says which', () => {
    expect(geoJsonCrs(BNG, undefined, [DEGREES])).toEqual({ format: 'geojson', crs: 'EPSG:27700', crsFrom: 'file' });
    expect(geoJsonCrs(undefined, 'EPSG:27700', [DEGREES])).toEqual({
      format: 'geojson',
      crs: 'EPSG:27700',
      crsFrom: 'option',
    });
    expect(geoJsonCrs(undefined, undefined, [METRES])).toEqual({
      format: 'geojson',
      crs: 'EPSG:27700',
      crsFrom: 'detected',
    });
    expect(geoJsonCrs(undefined, undefined, [DEGREES])).toEqual({
      format: 'geojson',
      crs: 'EPSG:4326',
      crsFrom: 'detected',
    });
  });

  it('refuses a member and an option that disagree, an unknown CRS, and coordinates of neither kind', () => {
    expect(() => geoJsonCrs(BNG, 'EPSG:4326', [METRES])).toThrow(
      'the file declares EPSG:27700 but the upload says EPSG:4326; correct one of them',
    );
    expect(() => geoJsonCrs({ properties: { name: 'EPSG:3857' } }, undefined, [METRES])).toThrow(
      'the file declares the coordinate system "EPSG:3857"; it must be EPSG:27700 (British National Grid metres) or EPSG:4326 (longitude/latitude)',
    );
    expect(() => geoJsonCrs(undefined, undefined, [METRES, DEGREES])).toThrow(FileUnreadable);
  });

  it('refuses a layer whose positions do not fit the CRS it says, naming the feature', () => {
    const file = utf8(
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
        features: [
          { type: 'Feature', properties: {}, geometry: DEGREES },
          { type: 'Feature', properties: {}, geometry: METRES },
        ],
      }),
    );
    expect(() => readGeoJsonLayer(file, 'x.geojson')).toThrow(
      'feature 2 has position [530000, 180000], which is not longitude/latitude although the file is read as EPSG:4326 (its crs member): they look like British National Grid metres, so say EPSG:27700',
    );
  });

  it('reads a GeoJSON file with a byte-order mark', () => {
    const file = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: METRES }],
        }),
      ),
    ]);
    expect(readGeoJsonLayer(file, 'x.geojson').reading).toEqual({
      format: 'geojson',
      crs: 'EPSG:27700',
      crsFrom: 'detected',
    });
  });
});
