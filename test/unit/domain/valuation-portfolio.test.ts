import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LONDON_BOROUGHS } from '../../../geo/boroughs.js';
import {
  DEVOLUTION_PILOT_AREAS,
  portfolioReport,
  totalsOf,
  type PortfolioSite,
} from '../../../src/domain/valuation-portfolio.js';

const HARINGEY = 'E09000014';
const CAMDEN = 'E09000007';
const HACKNEY = 'E09000012';
const HAVERING = 'E09000016';

const site = (siteRef: string, boroughGss: string, over: Partial<PortfolioSite> = {}): PortfolioSite => ({
  siteRef,
  boroughGss,
  subRegion: LONDON_BOROUGHS.find((b) => b.gssCode === boroughGss)!.subRegion,
  developableAreaHa: 1,
  homes: 10,
  marketValuePence: 1_000_000,
  netReceiptPence: 900_000,
  incomplete: false,
  ...over,
});

const sites: PortfolioSite[] = [
  site('A', HARINGEY, { developableAreaHa: 0.1, homes: 5, netReceiptPence: 100 }),
  site('B', HARINGEY, { developableAreaHa: 0.2, homes: 7, netReceiptPence: 250, incomplete: true }),
  site('C', CAMDEN, { developableAreaHa: 1.25, homes: 40, netReceiptPence: 10_000 }),
  site('D', HACKNEY, { developableAreaHa: 2, homes: 0, netReceiptPence: -500 }),
  site('E', HAVERING, { developableAreaHa: 0.5, homes: 12, netReceiptPence: 3_000 }),
];

describe('portfolioReport', () => {
  const report = portfolioReport(sites);

  it('totals by borough, summing hectares exactly (0.1 + 0.2 = 0.3)', () => {
    const haringey = report.byBorough.find((b) => b.gssCode === HARINGEY)!.totals;
    expect(haringey).toEqual({
      sites: 2,
      homes: 12,
      hectares: 0.3,
      marketValuePence: 2_000_000,
      netReceiptPence: 350,
      incompleteSites: 1,
    });
    expect(report.byBorough.map((b) => b.gssCode)).toEqual([CAMDEN, HACKNEY, HARINGEY, HAVERING]);
    expect(report.total).toEqual({
      sites: 5,
      homes: 64,
      hectares: 4.05,
      marketValuePence: 5_000_000,
      netReceiptPence: 12_850,
      incompleteSites: 1,
    });
  });

  it('sums hectares as whole square metres, so float noise never reaches a total', () => {
    // 0.01 + 0.01 + 0.07 ha summed as floats of m² gives 0.09000000000000001; 100 + 100 + 700 m² = 900 m² = 0.09 ha.
    const small = [0.01, 0.01, 0.07].map((ha, i) => site(`S${i}`, CAMDEN, { developableAreaHa: ha }));
    expect(totalsOf(small).hectares).toBe(0.09);
  });

  it('totals by sub-region', () => {
    expect(report.bySubRegion.map((s) => [s.subRegion, s.totals.homes, s.totals.netReceiptPence])).toEqual([
      ['NCL', 52, 10_350],
      ['NEL', 12, 2_500],
    ]);
  });

  it('keeps the five devolution pilots as a view keyed by GSS codes, Haringey in two of them', () => {
    expect(DEVOLUTION_PILOT_AREAS.map((p) => p.id)).toEqual([
      'haringey',
      'barking-dagenham-havering-redbridge',
      'north-central-london',
      'hackney',
      'lewisham',
    ]);
    const names = (codes: readonly string[]): string[] =>
      codes.map((c) => LONDON_BOROUGHS.find((b) => b.gssCode === c)!.name).sort();
    expect(names(DEVOLUTION_PILOT_AREAS[2]!.gssCodes)).toEqual([
      'Barnet',
      'Camden',
      'Enfield',
      'Haringey',
      'Islington',
    ]);
    expect(names(DEVOLUTION_PILOT_AREAS[1]!.gssCodes)).toEqual(['Barking and Dagenham', 'Havering', 'Redbridge']);
    const pilot = (id: string) => report.byPilotArea.find((p) => p.pilot.id === id)!.totals;
    expect(pilot('haringey').homes).toBe(12);
    expect(pilot('north-central-london')).toMatchObject({ sites: 3, homes: 52, netReceiptPence: 10_350 });
    expect(pilot('barking-dagenham-havering-redbridge')).toMatchObject({ sites: 1, homes: 12 });
    expect(pilot('hackney')).toMatchObject({ sites: 1, homes: 0, netReceiptPence: -500 });
    expect(pilot('lewisham')).toEqual(totalsOf([]));
  });

  it('gives the same report whatever order the sites come in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(sites, { minLength: sites.length, maxLength: sites.length }), (shuffled) => {
        expect(portfolioReport(shuffled)).toEqual(report);
      }),
    );
  });
});
