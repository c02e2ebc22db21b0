import { describe, expect, it } from 'vitest';
import { FileUnreadable, readUpload } from '../../../src/ingest/index.js';
import { accepted, codes, collect, csvRows, example, fixture, utf8, xlsx } from './support.js';

const read = (bytes: Uint8Array) =>
  collect(readUpload('nhsps', bytes, { uploadedYear: 2026, filename: 'register.csv' }));

/** Row → the problems nhsps-edge-cases.csv was written to produce (see test/fixtures/ingest/README.md). */
const EXPECTED_REJECTIONS: Record<number, string[]> = {
  3: ['Property Reference:missing_required'],
  4: ['Easting:not_a_number'],
  5: [
    'Annual Running Cost (GBP):out_of_range',
    'GIA (m2):out_of_range',
    'Occupancy (%):out_of_range',
    'Site Area (ha):out_of_range',
    'Year Built:out_of_range',
  ],
  6: ['Postcode:bad_postcode'],
  7: ['Easting:outside_great_britain'],
  8: ['Tenure:bad_value'],
  9: ['Listed Building:bad_grade'],
  10: ['Property Reference:duplicate_in_file'],
  12: ['Postcode:missing_required'],
  13: ['Northing:missing_required'],
  14: ['Easting:outside_great_britain'],
  15: ['Site Area (ha):out_of_range'],
};

describe('NHSPS register', () => {
  it('maps a full row to a site record, money in pence', async () => {
    const [first] = await read(fixture('nhsps-edge-cases.csv'));
    expect(first?.row).toBe(2);
    expect(accepted(first)).toEqual({
      source: 'nhsps',
      sourceRef: 'P-001',
      name: 'Valid with coordinates',
      address: '1 High Street',
      postcode: 'N19 5NF',
      location: { eastingM: 529110, northingM: 186912 },
      localAuthority: 'Islington',
      tenure: 'freehold',
      siteAreaHa: 0.42,
      giaM2: 1850,
      primaryUse: 'Health centre',
      yearBuilt: 1972,
      listed: null,
      annualRunningCostPence: 18_425_050,
      occupancyPct: 87.5,
      voidPct: null,
      emptyPct: null,
      underUsedPct: null,
      clinicalM2: null,
      nonClinicalM2: null,
      landOwnedHa: null,
      landNotDeliveringHa: null,
      notFunctionallySuitablePct: null,
      backlogPence: null,
      siteType: null,
      attributes: {},
    });
  });

  it('rejects each edge-case row with every reason, skips the empty row, and keeps spreadsheet row numbers', async () => {
    const outcomes = await read(fixture('nhsps-edge-cases.csv'));
    expect(outcomes.map((o) => o.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15]);
    for (const o of outcomes) {
      if (EXPECTED_REJECTIONS[o.row])
        expect({ row: o.row, problems: codes(o) }).toEqual({ row: o.row, problems: EXPECTED_REJECTIONS[o.row] });
      else expect(o.kind, `row ${o.row}`).toBe('accepted');
    }
  });

  it('names the first row a reference repeats, and degrees in grid columns', async () => {
    const outcomes = await read(fixture('nhsps-edge-cases.csv'));
    const byRow = new Map(outcomes.map((o) => [o.row, o]));
    const duplicate = byRow.get(10);
    expect(duplicate?.kind === 'rejected' && duplicate.problems[0]?.message).toBe(
      'Property Reference P-001 is already on row 2',
    );
    const degrees = byRow.get(14);
    expect(degrees?.kind === 'rejected' && degrees.problems[0]?.message).toMatch(/look like longitude\/latitude/);
    expect(duplicate?.raw['Property Name']).toBe('Repeats row 2');
  });

  it("accepts the boundaries of each range: 1,000.0 ha is refused but 999.99 m², years 1700 and the upload's own, 0% and £1,234,567 are kept", async () => {
    const outcomes = await read(fixture('nhsps-edge-cases.csv'));
    const last = outcomes.at(-1);
    expect(last?.row).toBe(15);
    // "1,000.0" ha sits on the exclusive upper bound: rejected, the only problem.
    expect(codes(last)).toEqual(['Site Area (ha):out_of_range']);
    const ok = await read(
      utf8(
        'Property Reference,Postcode,Site Area (ha),GIA (m2),Year Built,Occupancy (%),Annual Running Cost (GBP),Listed Building\nP,se17eh,999.99,0.01,2026,100,"£1,234,567",Grade II*\nQ,E1 1BB,0.0001,1,1700,0,0,II\n',
      ),
    );
    expect(accepted(ok[0])).toMatchObject({
      postcode: 'SE1 7EH',
      location: null,
      siteAreaHa: 999.99,
      giaM2: 0.01,
      yearBuilt: 2026,
      occupancyPct: 100,
      annualRunningCostPence: 123_456_700,
      listed: 'II*',
    });
    expect(accepted(ok[1])).toMatchObject({
      siteAreaHa: 0.0001,
      yearBuilt: 1700,
      occupancyPct: 0,
      annualRunningCostPence: 0,
      listed: 'II',
    });
    const beyond = await read(
      utf8(
        'Property Reference,Postcode,Year Built,Occupancy (%),Site Area (ha)\nP,E1 1BB,2101,-0.1,0\nQ,E1 1BB,1972.5,100,1\n',
      ),
    );
    expect(codes(beyond[0])).toEqual([
      'Occupancy (%):out_of_range',
      'Site Area (ha):out_of_range',
      'Year Built:future_year',
    ]);
    expect(codes(beyond[1])).toEqual(['Year Built:not_a_number']);
  });

  it('reads the same rows from XLSX as from CSV', async () => {
    const csv = await read(fixture('nhsps-edge-cases.csv'));
    const book = await read(await xlsx(csvRows(fixture('nhsps-edge-cases.csv'))));
    expect(book.map((o) => [o.row, o.kind === 'rejected' ? o.problems : o.record])).toEqual(
      csv.map((o) => [o.row, o.kind === 'rejected' ? o.problems : o.record]),
    );
  });

  it('reads numbers typed as numbers in XLSX cells', async () => {
    const [row] = await read(
      await xlsx([
        ['Property Reference', 'Easting', 'Northing', 'GIA (m2)', 'Annual Running Cost (GBP)'],
        ['X-1', 529110, 186912, 1850.5, 1234.565],
      ]),
    );
    expect(accepted(row)).toMatchObject({
      location: { eastingM: 529110, northingM: 186912 },
      giaM2: 1850.5,
      annualRunningCostPence: 123_457,
    });
  });

  it('reads Windows-1252 text (£, é, curly apostrophe)', async () => {
    const [row] = await read(fixture('nhsps-windows-1252.csv'));
    expect(accepted(row)).toMatchObject({
      name: 'Café Royal Clinic',
      address: 'St Mary’s Road',
      annualRunningCostPence: 1_234_567,
    });
  });

  it('reads UTF-8 with a byte-order mark and matches headers by alias, case, spacing and units', async () => {
    const [row] = await read(fixture('nhsps-bom-aliases.csv'));
    expect(row?.raw).toHaveProperty('property  REFERENCE', 'B-001');
    expect(accepted(row)).toMatchObject({
      sourceRef: 'B-001',
      postcode: 'E1 1BB',
      location: { eastingM: 534600, northingM: 181700 },
      giaM2: 2500,
      siteAreaHa: 1.5,
      occupancyPct: 75,
      annualRunningCostPence: 9900,
      listed: 'II*',
    });
  });

  it('accepts every row of the documented example', async () => {
    const outcomes = await read(example('nhsps.csv'));
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(accepted(outcomes[1])).toMatchObject({
      postcode: 'NW3 2QG',
      location: null,
      localAuthority: 'E09000007',
      occupancyPct: 64,
    });
  });

  it('refuses a header without Property Reference, naming it and the headers found', async () => {
    const attempt = read(utf8('Name,Postcode\nA,E1 1BB\n'));
    await expect(attempt).rejects.toThrow(FileUnreadable);
    await expect(read(utf8('Name,Postcode\nA,E1 1BB\n'))).rejects.toThrow(
      'the header row has no "Property Reference" column (required); columns found: "Name", "Postcode"',
    );
  });

  it('refuses a header with no way to locate a property, or half a coordinate pair', async () => {
    await expect(read(utf8('Property Reference,Name\nA,B\n'))).rejects.toThrow(
      /neither "Easting" and "Northing" columns nor a "Postcode"/,
    );
    await expect(read(utf8('Property Reference,Easting,Postcode\nA,1,E1 1BB\n'))).rejects.toThrow(
      /"Easting" column but no "Northing"/,
    );
  });

  it('refuses empty, binary and broken .xls files as unreadable, with a reason', async () => {
    await expect(read(new Uint8Array())).rejects.toThrow('the file is empty');
    await expect(read(utf8('\n\n ,, \n'))).rejects.toThrow(/no header row/);
    // an OLE compound file that is no workbook (a truncated one, or a Word .doc)
    await expect(read(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).rejects.toThrow(
      /the Excel 97–2003 \(.xls\) workbook cannot be read .*save it as .xlsx or CSV/,
    );
    await expect(read(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2]))).rejects.toThrow(
      /neither CSV text nor a workbook \(XLSX, Excel 97–2003 .xls, OpenDocument .ods\)/,
    );
    await expect(read(new Uint8Array([0xff, 0xfe, 0x50, 0]))).rejects.toThrow(/UTF-16/);
  });

  it('decides XLSX by its bytes whatever the filename says', async () => {
    const bytes = await xlsx([
      ['Property Reference', 'Postcode'],
      ['A', 'E1 1BB'],
    ]);
    const [row] = await collect(readUpload('nhsps', bytes, { uploadedYear: 2026, filename: 'register.csv' }));
    expect(accepted(row).postcode).toBe('E1 1BB');
  });

  it('reads semicolon-separated CSV as Excel writes it in some locales', async () => {
    const [row] = await read(utf8('Property Reference;Postcode;GIA (m2)\nA;E1 1BB;1.200\n'));
    expect(accepted(row)).toMatchObject({ postcode: 'E1 1BB', giaM2: 1.2 });
  });
});
