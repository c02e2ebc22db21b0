import { describe, expect, it } from 'vitest';
import { toBng } from '../../../geo/transform.js';
import { FileUnreadable, readUpload } from '../../../src/ingest/index.js';
import { accepted, codes, collect, csvRows, example, fixture, utf8, xlsx } from './support.js';

const read = (bytes: Uint8Array) => collect(readUpload('chp', bytes, { uploadedYear: 2026, filename: 'lift.xlsx' }));

describe('CHP LIFT register', () => {
  it('moves WGS84 latitude/longitude onto the grid and keeps LIFTCo, dates and void', async () => {
    const [row] = await read(fixture('chp-edge-cases.csv'));
    const record = accepted(row);
    // The fixture's lat/lon is geo's own inverse of 534600, 181700, so it must come back within a centimetre.
    expect(record.location?.eastingM).toBeCloseTo(534600, 2);
    expect(record.location?.northingM).toBeCloseTo(181700, 2);
    expect(record).toMatchObject({
      source: 'chp',
      sourceRef: 'C-001',
      postcode: 'E1 1BB',
      giaM2: 3250,
      siteAreaHa: 0.38,
      voidPct: 6.5,
      tenure: 'leasehold',
      attributes: { liftCo: 'East London LIFT Co', opened: '2006-09-15', leaseExpiry: '2031-09-14' },
    });
  });

  it('rejects swapped, foreign, misdated, over-100% void, repeated and half-located rows', async () => {
    const outcomes = await read(fixture('chp-edge-cases.csv'));
    const problems = Object.fromEntries(outcomes.filter((o) => o.kind === 'rejected').map((o) => [o.row, codes(o)]));
    expect(problems).toEqual({
      3: ['Latitude:latlon_swapped'],
      4: ['Latitude:outside_great_britain'],
      5: ['Lease Expiry:bad_date', 'Opened:bad_date'],
      6: ['Void (%):out_of_range'],
      7: ['Building ID:duplicate_in_file'],
      8: ['Longitude:missing_required'],
    });
    // A building with no location is for placement to refuse (it may yet be found by postcode), not the adapter.
    expect(accepted(outcomes.find((o) => o.row === 9))).toMatchObject({
      sourceRef: 'C-008',
      location: null,
      postcode: null,
      attributes: {},
    });
  });

  it('reads Excel serial dates and typed numbers from XLSX', async () => {
    const header = ['Building ID', 'Latitude', 'Longitude', 'Opened', 'Lease Expiry', 'Void (%)'];
    const bytes = await xlsx([header, ['X-1', 51.5182, -0.0615, new Date(Date.UTC(2006, 8, 15)), 47_375, 0.5]]);
    const [row] = await read(bytes);
    const record = accepted(row);
    expect(record.attributes).toEqual({ opened: '2006-09-15', leaseExpiry: '2029-09-14' });
    const expected = toBng([-0.0615, 51.5182]);
    expect(record.location).toEqual(expected);
    expect(record.voidPct).toBe(0.5);
  });

  it('does not read a serial number typed into a CSV as a date', async () => {
    const [row] = await read(utf8('Building ID,Opened\nX,38975\n'));
    expect(codes(row)).toEqual(['Opened:bad_date']);
  });

  it('gives the same outcomes from the XLSX copy of the edge cases', async () => {
    const csv = await read(fixture('chp-edge-cases.csv'));
    const book = await read(await xlsx(csvRows(fixture('chp-edge-cases.csv'))));
    expect(book).toEqual(csv);
  });

  it('reads only the first worksheet', async () => {
    const bytes = await xlsx([['Building ID'], ['FIRST']], { sheetBefore: [['Notes'], ['not a register']] });
    await expect(read(bytes)).rejects.toThrow(/no "Building ID" column.*"Notes"/);
  });

  it('accepts every row of the documented example', async () => {
    const outcomes = await read(example('chp.csv'));
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('refuses a file without Building ID', async () => {
    await expect(read(utf8('Name\nA\n'))).rejects.toBeInstanceOf(FileUnreadable);
  });
});
