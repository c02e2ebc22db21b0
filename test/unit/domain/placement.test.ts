import { describe, expect, it } from 'vitest';
import { locateSite, type PlacementLookups } from '../../../src/domain/placement.js';
import type { SiteRecord } from '../../../src/domain/records.js';
import { blankSiteRecord } from '../../../src/ingest/site-record.js';

const ericSite = (attributes: SiteRecord['attributes']): SiteRecord => ({
  ...blankSiteRecord('eric', 'RX101'),
  attributes: { organisationCode: 'RX1', ...attributes },
});

const nothingFound: PlacementLookups = {
  postcodePoint: null,
  odsPostcode: null,
  odsKnown: false,
  londonDistricts: new Set(['KT18', 'E1']),
  trustPostcode: null,
};

const codes = (record: SiteRecord, lookups: Partial<PlacementLookups>) => {
  const placement = locateSite(record, { ...nothingFound, ...lookups });
  return placement.ok ? [] : placement.problems.map((p) => `${p.field}: ${p.code}`);
};

describe('placement outside London', () => {
  it('rejects an ERIC site of a trust in another commissioning region outside_london, before looking at ODS', () => {
    const site = ericSite({ commissioningRegion: 'SOUTH OF ENGLAND COMMISSIONING REGION' });
    expect(codes(site, { odsKnown: true, odsPostcode: 'E1 6AN' })).toEqual(['Commissioning Region: outside_london']);
    expect(codes(ericSite({ commissioningRegion: 'LONDON COMMISSIONING REGION' }), {})).toEqual([
      'Site Code: postcode_not_found',
    ]);
    expect(codes(ericSite({ commissioningRegion: 'Y56' }), {})).toEqual(['Site Code: postcode_not_found']);
  });

  it('judges a postcode missing from the directory by its district: outside London, or not found', () => {
    const site = ericSite({});
    expect(codes(site, { odsKnown: true, odsPostcode: 'CM12 9SA' })).toEqual(['Site Code: outside_london']);
    // KT18 holds London postcodes, so a missing KT18 postcode may be London's: not found, not guessed
    expect(codes(site, { odsKnown: true, odsPostcode: 'KT18 7EG' })).toEqual(['Site Code: postcode_not_found']);
    // a directory with no London postcode at all cannot say what is outside London
    expect(codes(site, { odsKnown: true, odsPostcode: 'CM12 9SA', londonDistricts: null })).toEqual([
      'Site Code: postcode_not_found',
    ]);
    const register = { ...blankSiteRecord('nhsps', 'N-1'), postcode: 'LS1 3EX' };
    expect(codes(register, {})).toEqual(['Postcode: outside_london']);
  });

  it("uses the trust's own postcode only for a site ODS does not know", () => {
    const site = ericSite({});
    expect(codes(site, { trustPostcode: 'LS9 7TF' })).toEqual(['Organisation Code: outside_london']);
    expect(codes(site, { trustPostcode: 'E1 1BB' })).toEqual(['Site Code: postcode_not_found']);
    expect(codes(site, { trustPostcode: 'LS9 7TF', odsKnown: true, odsPostcode: 'E1 6AN' })).toEqual([
      'Site Code: postcode_not_found',
    ]);
  });
});
