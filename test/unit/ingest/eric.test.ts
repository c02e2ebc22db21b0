import { describe, expect, it } from 'vitest';
import type { SiteRecord } from '../../../src/domain/records.js';
import { readUpload, type EricRow } from '../../../src/ingest/index.js';
import { accepted, codes, collect, fixture, shippedBytes } from './support.js';

const read = (bytes: Uint8Array) => collect(readUpload('eric', bytes, { uploadedYear: 2026, filename: 'eric.csv' }));
const site = (row: EricRow): SiteRecord => {
  if (row.kind !== 'site') throw new Error('expected a site');
  return row.site;
};

describe('ERIC site data, the real 2016-17 London file', () => {
  it('gives 172 outcomes: 144 sites and 28 trust aggregates, none rejected', async () => {
    const outcomes = await read(await shippedBytes('eric_2016_17_site_data_london.csv'));
    expect(outcomes).toHaveLength(172);
    const records = outcomes.map(accepted);
    expect(records.filter((r) => r.kind === 'site')).toHaveLength(144);
    expect(records.filter((r) => r.kind === 'trust-aggregate')).toHaveLength(28);
    expect(outcomes.at(-1)?.row).toBe(173);
  });

  it('adds up to the published London figures (DOMAIN §4): 4.86m m² GIA, 4.10m of it on sites, £1.86bn backlog', async () => {
    const records = (await read(await shippedBytes('eric_2016_17_site_data_london.csv'))).map(accepted);
    const sites = records.filter((r) => r.kind === 'site').map(site);
    const aggregates = records.flatMap((r) => (r.kind === 'trust-aggregate' ? [r] : []));
    const siteGia = sites.reduce((s, r) => s + (r.giaM2 ?? 0), 0);
    const aggregateGia = aggregates.reduce((s, r) => s + (r.giaM2 ?? 0), 0);
    expect(siteGia / 1e6).toBeCloseTo(4.1, 1);
    expect((siteGia + aggregateGia) / 1e6).toBeCloseTo(4.86, 2);
    const backlog = [...sites.map((s) => s.backlogPence), ...aggregates.map((a) => a.backlogPence)].reduce(
      (sum, b) => sum + (b ? b.high + b.significant + b.moderate + b.low : 0),
      0,
    );
    expect(backlog / 100 / 1e9).toBeCloseTo(1.86, 2);
    // 25 sites publish "Not Applicable" in all four backlog bands: no return, not a zero one.
    expect(sites.filter((s) => s.backlogPence === null)).toHaveLength(25);
  });

  it('maps a site with location and postcode null, the Site Code as reference and the trust in attributes', async () => {
    const outcomes = await read(await shippedBytes('eric_2016_17_site_data_london.csv'));
    const royalFree = outcomes
      .map(accepted)
      .filter((r) => r.kind === 'site')
      .map(site)
      .find((s) => s.sourceRef === 'RAL01');
    expect(royalFree).toMatchObject({
      source: 'eric',
      location: null,
      postcode: null,
      attributes: { organisationCode: 'RAL', organisationName: 'ROYAL FREE LONDON NHS FOUNDATION TRUST' },
    });
    expect(royalFree?.siteType).toMatch(/^1\. General acute hospital$/);
  });
});

describe('ERIC site data, 2015-16 headers (hand-written: the shared folder has only 2016-17)', () => {
  it('reads Site land area and Building footprint, thousands separators and Not Applicable', async () => {
    const outcomes = await read(fixture('eric-2015-16-headers.csv'));
    expect(accepted(outcomes[0])).toEqual({
      kind: 'trust-aggregate',
      trustCode: 'RAL',
      trustName: 'ROYAL FREE LONDON NHS FOUNDATION TRUST',
      giaM2: 1200,
      backlogPence: { high: 0, significant: 0, moderate: 0, low: 0 },
      landOwnedHa: 0,
    });
    expect(site(accepted(outcomes[1]))).toMatchObject({
      sourceRef: 'RAL01',
      giaM2: 98_765,
      landOwnedHa: 6.3,
      siteAreaHa: 6.3,
      clinicalM2: 60_000,
      nonClinicalM2: 38_765,
      notFunctionallySuitablePct: 12.5,
      emptyPct: 1.2,
      underUsedPct: 2.4,
      backlogPence: { high: 100_000_000, significant: 200_000_000, moderate: 0, low: 50_000 },
      attributes: { buildingFootprintM2: 21_500, riskAdjustedBacklogPence: 300_000_000 },
    });
    expect(codes(outcomes[2])).toEqual([
      'Gross internal floor area (m²):out_of_range',
      'Not functionally suitable - occupied floor area (%):out_of_range',
    ]);
  });
});
