import { describe, expect, it } from 'vitest';
import { LONDON_BOROUGHS } from '../../../geo/boroughs.js';
import { BOROUGH_WEIGHTS, searchHalfWidthM } from '../../../src/demo/borough-weights.js';
import { readGlaBoroughs, shippedText } from '../../support/shipped-data.js';

interface MsoaFile {
  features: Array<{ properties: { LAD11CD: string; USUALRES: number } }>;
}

describe('BOROUGH_WEIGHTS', () => {
  it('has one row per London borough', () => {
    expect(BOROUGH_WEIGHTS.map((w) => w.gssCode).sort()).toEqual(LONDON_BOROUGHS.map((b) => b.gssCode).sort());
  });

  it('holds 2011 residents as the MSOA file sums them, 8,173,941 in all', async () => {
    const msoas = JSON.parse(await shippedText('london_msoa_2011_gen_wgs84.geojson')) as MsoaFile;
    const residents = new Map<string, number>();
    for (const { properties: p } of msoas.features)
      residents.set(p.LAD11CD, (residents.get(p.LAD11CD) ?? 0) + p.USUALRES);
    expect(Object.fromEntries(BOROUGH_WEIGHTS.map((w) => [w.gssCode, w.residents2011]))).toEqual(
      Object.fromEntries(residents),
    );
    expect(BOROUGH_WEIGHTS.reduce((s, w) => s + w.residents2011, 0)).toBe(8_173_941);
  });

  it("holds each borough's HECTARES from the GLA boundary file", async () => {
    const hectares = Object.fromEntries(
      (await readGlaBoroughs()).features.map((f) => [
        f.properties.GSS_CODE,
        (f.properties as unknown as { HECTARES: number }).HECTARES,
      ]),
    );
    expect(Object.fromEntries(BOROUGH_WEIGHTS.map((w) => [w.gssCode, w.hectares]))).toEqual(hectares);
  });
});

describe('searchHalfWidthM', () => {
  it('is 0.75 × √area, never under 1 km', () => {
    // 10,000 ha = 100 km², side 10 km: 7.5 km.
    expect(searchHalfWidthM(10_000)).toBeCloseTo(7500, 6);
    // The City's 314.942 ha gives 1,331 m, just over the floor; 100 ha would give 750 m, so the floor holds.
    expect(searchHalfWidthM(314.942)).toBeCloseTo(1331.0, 0);
    expect(searchHalfWidthM(100)).toBe(1000);
  });
});
