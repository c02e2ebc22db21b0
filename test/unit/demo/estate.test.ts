import { beforeAll, describe, expect, it } from 'vitest';
import type { BoroughLocator } from '../../../geo/borough-locator.js';
import { findBorough, LONDON_BOROUGHS, SUB_REGION_NAMES } from '../../../geo/boroughs.js';
import { DEMO_FILE_NAMES } from '../../../src/demo/bad-rows.js';
import { CHP_HEADER, CHP_SHEET_NAME, NHSPS_HEADER, SURVEY_HEADER } from '../../../src/demo/register-rows.js';
import { DEMO_FILE_DATE, generateDemoEstate, registerRef, type DemoEstateFiles } from '../../../src/demo/estate.js';
import { dosDateTime } from '../../../src/export/zip-timestamps.js';
import { boroughProblem } from '../../../src/domain/placement.js';
import { EstatesError } from '../../../src/errors.js';
import { csvHeader, csvRows, ingest, metresToNearestBorough, shippedLocator, workbook, zipStamps } from './support.js';

let locator: BoroughLocator;
let estate: DemoEstateFiles;
const SITES = 300;
const SEED = 20_171_116;

beforeAll(async () => {
  locator = shippedLocator();
  estate = await generateDemoEstate({ sites: SITES, seed: SEED, boroughLocator: locator });
});

const badRowsIn = (file: string): Array<{ row: number; field: string; expectedCode: string }> =>
  estate.manifest.badRows.filter((b) => b.file === file);

describe('generateDemoEstate: same seed, same bytes', () => {
  it('gives byte-identical files and manifest for the same seed and size, even seconds apart', async () => {
    // Past a 2-second DOS tick, so a zip stamp taken from the clock would show.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const again = await generateDemoEstate({ sites: SITES, seed: SEED, boroughLocator: locator });
    expect(Buffer.from(again.nhspsRegisterCsv).equals(Buffer.from(estate.nhspsRegisterCsv))).toBe(true);
    expect(Buffer.from(again.chpRegisterXlsx).equals(Buffer.from(estate.chpRegisterXlsx))).toBe(true);
    expect(Buffer.from(again.surveysCsv).equals(Buffer.from(estate.surveysCsv))).toBe(true);
    expect(again.manifest).toEqual(estate.manifest);
  }, 20_000);

  it('stamps every zip entry with the fixed file date, not the clock', () => {
    const stamps = zipStamps(estate.chpRegisterXlsx);
    expect(stamps.length).toBeGreaterThanOrEqual(16);
    expect(new Set(stamps.map((s) => `${s.date}:${s.time}`))).toEqual(
      new Set([`${dosDateTime(DEMO_FILE_DATE).date}:0`]),
    );
  });

  it('gives a different estate for a different seed, in every file', async () => {
    const other = await generateDemoEstate({ sites: SITES, seed: SEED + 1, boroughLocator: locator });
    expect(Buffer.from(other.nhspsRegisterCsv).equals(Buffer.from(estate.nhspsRegisterCsv))).toBe(false);
    expect(Buffer.from(other.chpRegisterXlsx).equals(Buffer.from(estate.chpRegisterXlsx))).toBe(false);
    expect(Buffer.from(other.surveysCsv).equals(Buffer.from(estate.surveysCsv))).toBe(false);
    const points = (files: DemoEstateFiles): string[] =>
      csvRows(files.nhspsRegisterCsv).map((r) => `${r.Easting},${r.Northing}`);
    const shared = points(other).filter((p) => points(estate).includes(p));
    expect(shared.length).toBeLessThan(5);
  });
});

describe('generateDemoEstate: files and counts', () => {
  it('writes the import formats’ header rows exactly', async () => {
    expect(csvHeader(estate.nhspsRegisterCsv)).toBe(NHSPS_HEADER.join(','));
    expect(csvHeader(estate.nhspsRegisterCsv)).toBe(
      'Property Reference,Property Name,Address,Postcode,Easting,Northing,Local Authority,Tenure,Site Area (ha),GIA (m2),Primary Use,Occupancy (%),Year Built,Listed Building,Annual Running Cost (GBP)',
    );
    expect(csvHeader(estate.surveysCsv)).toBe(
      'Site Reference,Block,Survey Date,Surveyor,GIA (m2),Year Built,Physical Condition,Functional Suitability,Space Utilisation,Quality,Statutory Compliance,Environmental,Backlog High (GBP),Backlog Significant (GBP),Backlog Moderate (GBP),Backlog Low (GBP)',
    );
    expect(SURVEY_HEADER).toHaveLength(16);
    const book = await workbook(estate.chpRegisterXlsx);
    expect(book.worksheets.map((w) => w.name)).toEqual([CHP_SHEET_NAME]);
    expect(CHP_SHEET_NAME).toBe('LIFT buildings');
    expect(book.getWorksheet(CHP_SHEET_NAME)?.getRow(1).values).toEqual([
      undefined,
      'Building ID',
      'Building Name',
      'LIFTCo',
      'Postcode',
      'Latitude',
      'Longitude',
      'GIA (m2)',
      'Site Area (ha)',
      'Opened',
      'Lease Expiry',
      'Void (%)',
      'Tenure',
    ]);
    expect(CHP_HEADER).toHaveLength(12);
    expect(book.created).toEqual(DEMO_FILE_DATE);
    expect(book.modified).toEqual(DEMO_FILE_DATE);
  });

  it('splits 300 sites 255 NHSPS / 45 CHP and writes each file’s good rows plus its bad rows', async () => {
    const { manifest } = estate;
    expect(manifest).toMatchObject({ seed: SEED, sites: 300, nhsps: 255, chp: 45 });
    expect(csvRows(estate.nhspsRegisterCsv)).toHaveLength(255 + badRowsIn(DEMO_FILE_NAMES.nhspsRegisterCsv).length);
    expect(csvRows(estate.surveysCsv)).toHaveLength(
      manifest.surveyBlocks + badRowsIn(DEMO_FILE_NAMES.surveysCsv).length,
    );
    const sheet = (await workbook(estate.chpRegisterXlsx)).getWorksheet(CHP_SHEET_NAME);
    expect(sheet?.actualRowCount).toBe(1 + 45 + badRowsIn(DEMO_FILE_NAMES.chpRegisterXlsx).length);
    expect(manifest.surveyedSites).toBeGreaterThan(0.65 * 300);
    expect(manifest.surveyedSites).toBeLessThan(0.85 * 300);
    expect(manifest.surveyBlocks).toBeGreaterThanOrEqual(manifest.surveyedSites);
    expect(manifest.surveyBlocks).toBeLessThanOrEqual(4 * manifest.surveyedSites);
  });

  it('numbers good sites NHSPS-H001… and CHP-B001… without gaps, padded to the estate’s width', async () => {
    const badNhspsRows = new Set(badRowsIn(DEMO_FILE_NAMES.nhspsRegisterCsv).map((b) => b.row));
    const nhspsRefs = csvRows(estate.nhspsRegisterCsv)
      .filter((_, i) => !badNhspsRows.has(i + 2))
      .map((r) => r['Property Reference']);
    expect(nhspsRefs).toEqual(Array.from({ length: 255 }, (_, i) => `NHSPS-H${String(i + 1).padStart(3, '0')}`));
    const chp = await ingest('chp', estate.chpRegisterXlsx, DEMO_FILE_NAMES.chpRegisterXlsx);
    const chpRefs = chp.filter((o) => o.kind === 'accepted').map((o) => o.record.sourceRef);
    expect(chpRefs).toEqual(Array.from({ length: 45 }, (_, i) => `CHP-B${String(i + 1).padStart(3, '0')}`));
    expect(registerRef('NHSPS-H', 7, 99_999)).toBe('NHSPS-H00007');
    expect(registerRef('CHP-B', 1000, 999)).toBe('CHP-B1000');
  });

  it('refuses a size or seed that is not a whole number in range', async () => {
    for (const sites of [0, -1, 2.5, Number.NaN, 1_000_001]) {
      await expect(generateDemoEstate({ sites, seed: 1, boroughLocator: locator })).rejects.toSatisfy(
        (e) => e instanceof EstatesError && e.code === 'bad_input',
      );
    }
    await expect(generateDemoEstate({ sites: 10, seed: 0.5, boroughLocator: locator })).rejects.toThrow(
      /seed must be a whole number/,
    );
  });

  it('still writes every bad row for a one-site estate', async () => {
    const tiny = await generateDemoEstate({ sites: 1, seed: 5, boroughLocator: locator });
    expect(tiny.manifest).toMatchObject({ sites: 1, nhsps: 1, chp: 0 });
    expect(tiny.manifest.badRows).toHaveLength(9);
    expect(csvRows(tiny.nhspsRegisterCsv).map((r) => r['Property Reference'])).toEqual([
      'NHSPS-H001',
      '',
      'NHSPS-H001',
      'NHSPS-H002',
      'NHSPS-H003',
      'NHSPS-H004',
    ]);
  });
});

describe('generateDemoEstate: bad rows, read by the product’s own adapters', () => {
  it('lists nine bad rows, one of each kind', () => {
    expect(estate.manifest.badRows.map((b) => `${b.file} ${b.field} ${b.expectedCode}`).sort()).toEqual(
      [
        'nhsps-register.csv Property Reference missing_required',
        'nhsps-register.csv Property Reference duplicate_in_file',
        'nhsps-register.csv GIA (m2) not_a_number',
        'nhsps-register.csv Easting outside_great_britain',
        'nhsps-register.csv Location outside_london',
        'chp-lift-register.xlsx Latitude latlon_swapped',
        'condition-surveys.csv Physical Condition bad_grade',
        'condition-surveys.csv Survey Date bad_date',
        'condition-surveys.csv Site Reference unknown_site',
      ].sort(),
    );
  });

  it('has the NHSPS adapter reject exactly the listed rows, each for the listed field and code alone', async () => {
    const outcomes = await ingest('nhsps', estate.nhspsRegisterCsv, DEMO_FILE_NAMES.nhspsRegisterCsv);
    const rejected = outcomes.flatMap((o) =>
      o.kind === 'rejected' ? [{ row: o.row, problems: o.problems.map((p) => `${p.field} ${p.code}`) }] : [],
    );
    const expected = badRowsIn(DEMO_FILE_NAMES.nhspsRegisterCsv)
      .filter((b) => b.expectedCode !== 'outside_london')
      .map((b) => ({ row: b.row, problems: [`${b.field} ${b.expectedCode}`] }));
    expect(rejected).toEqual(expected);
  });

  it('puts the outside_london row in Dartford, outside Greater London, and every other NHSPS site in its borough', async () => {
    const outcomes = await ingest('nhsps', estate.nhspsRegisterCsv, DEMO_FILE_NAMES.nhspsRegisterCsv);
    const [thames] = badRowsIn(DEMO_FILE_NAMES.nhspsRegisterCsv).filter((b) => b.expectedCode === 'outside_london');
    let placed = 0;
    for (const o of outcomes) {
      if (o.kind !== 'accepted') continue;
      const point = o.record.location;
      if (!point) throw new Error(`row ${o.row} has no location`);
      const gss = locator.locate(point);
      if (o.row === thames?.row) {
        expect(gss).toBeNull();
        // Greater London's extent (migration 0420) reaches at most 500 m beyond the boroughs' land (its closing
        // radius); the row must lie well beyond it, or placement would put it in a borough.
        expect(metresToNearestBorough(point)).toBeGreaterThan(1000);
        expect(boroughProblem(point, null)).toMatchObject({ field: thames.field, code: 'outside_london' });
      } else {
        expect(gss).toBe(findBorough(o.record.localAuthority ?? '')?.gssCode);
        placed++;
      }
    }
    expect(placed).toBe(255);
  });

  it('has the CHP adapter reject only the swapped row, and places every good building in its LIFTCo’s sub-region', async () => {
    const outcomes = await ingest('chp', estate.chpRegisterXlsx, DEMO_FILE_NAMES.chpRegisterXlsx);
    const rejected = outcomes.flatMap((o) =>
      o.kind === 'rejected' ? [{ row: o.row, problems: o.problems.map((p) => `${p.field} ${p.code}`) }] : [],
    );
    expect(rejected).toEqual(
      badRowsIn(DEMO_FILE_NAMES.chpRegisterXlsx).map((b) => ({
        row: b.row,
        problems: [`${b.field} ${b.expectedCode}`],
      })),
    );
    const accepted = outcomes.flatMap((o) => (o.kind === 'accepted' ? [o.record] : []));
    expect(accepted).toHaveLength(45);
    for (const record of accepted) {
      const gss = record.location && locator.locate(record.location);
      const borough = LONDON_BOROUGHS.find((b) => b.gssCode === gss);
      expect(borough, record.sourceRef).toBeDefined();
      expect(record.attributes.liftCo).toBe(`${SUB_REGION_NAMES[borough?.subRegion ?? 'NWL']} LIFTCo`);
      expect(record.attributes.opened).toMatch(/^20(0[3-9]|1[0-4])-\d\d-\d\d$/);
      expect(String(record.attributes.leaseExpiry) > String(record.attributes.opened)).toBe(true);
    }
  });

  it('has the survey adapter reject the grade E and 31/02/2021 rows, and accept the unknown-site row that must wait', async () => {
    const outcomes = await ingest('survey', estate.surveysCsv, DEMO_FILE_NAMES.surveysCsv);
    const listed = badRowsIn(DEMO_FILE_NAMES.surveysCsv);
    const rejected = outcomes.flatMap((o) =>
      o.kind === 'rejected' ? [{ row: o.row, problems: o.problems.map((p) => `${p.field} ${p.code}`) }] : [],
    );
    expect(rejected).toEqual(
      listed
        .filter((b) => b.expectedCode !== 'unknown_site')
        .map((b) => ({ row: b.row, problems: [`${b.field} ${b.expectedCode}`] })),
    );
    const [waiting] = listed.filter((b) => b.expectedCode === 'unknown_site');
    const known = new Set([
      ...csvRows(estate.nhspsRegisterCsv).map((r) => r['Property Reference']),
      ...Array.from({ length: 46 }, (_, i) => registerRef('CHP-B', i + 1, SITES)),
    ]);
    const accepted = outcomes.flatMap((o) => (o.kind === 'accepted' ? [o] : []));
    const unknown = accepted.filter((o) => !known.has(o.record.siteRef));
    expect(unknown.map((o) => o.row)).toEqual([waiting?.row]);
    expect(unknown[0]?.record.siteRef).toBe('NHSPS-H259');
  });
});
