import { describe, expect, it } from 'vitest';
import { readOdsDirectory } from '../../../src/ingest/index.js';
import { accepted, codes, collect, fixture, shippedBytes, utf8 } from './support.js';

const read = (bytes: Uint8Array) => collect(readOdsDirectory(bytes, { filename: 'etrust.csv' }));

describe('ODS organisation directory', () => {
  it('reads the real etrust file: 3,425 rows, 35 trusts and 3,390 sites, line 1 as row 1', async () => {
    const outcomes = await read(await shippedBytes('ods_etrust_2018_london.csv'));
    expect(outcomes).toHaveLength(3425);
    const records = outcomes.map(accepted);
    expect(records.filter((r) => r.kind === 'trust')).toHaveLength(35);
    expect(records.filter((r) => r.kind === 'trust-site')).toHaveLength(3390);
    expect(outcomes[0]).toMatchObject({ row: 1, raw: { column1: 'R1H', column10: 'E1 1BB' } });
    expect(records[0]).toEqual({
      odsCode: 'R1H',
      name: 'BARTS HEALTH NHS TRUST',
      postcode: 'E1 1BB',
      openDate: '2012-04-01',
      closeDate: null,
      kind: 'trust',
      status: null,
      parentCode: null,
    });
    expect(records[1]).toMatchObject({ odsCode: 'R1H01', kind: 'trust-site', parentCode: 'R1H', postcode: 'E13 8SL' });
  });

  it('reads epraccur practices in Windows-1252 with their commissioner, and rejects bad codes, postcodes and dates', async () => {
    const outcomes = await read(fixture('ods-epraccur-windows-1252.csv'));
    expect(accepted(outcomes[0])).toEqual({
      odsCode: 'F83004',
      name: 'THE ÉLAN MEDICAL PRACTICE',
      postcode: 'N19 5NF',
      openDate: '1974-04-01',
      closeDate: null,
      kind: 'gp-practice',
      status: 'active',
      parentCode: '07T',
    });
    expect(codes(outcomes[1])).toEqual(['column10:bad_postcode']);
    expect(outcomes[1]).toMatchObject({ raw: { column13: 'C' } });
    expect(codes(outcomes[2])).toEqual(['column11:bad_date', 'column1:bad_value']);
  });

  it('refuses a file with a header row, which the published files never have', async () => {
    await expect(read(utf8('Organisation Code,Name\nR1H,BARTS\n'))).rejects.toThrow(
      /not an ODS file as NHS Digital publishes it/,
    );
  });
});
