import { utils, write } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { readUpload, type UploadReadOptions } from '../../../src/ingest/index.js';
import type { UploadSource } from '../../../src/domain/records.js';
import { collect, fixture, example, utf8 } from './support.js';

/**
 * .xls (BIFF8) and .ods workbooks, made by LibreOffice 7.4 (`libreoffice --headless --convert-to xls|ods`) from
 * files the tests also read as CSV: the ERIC all-England slice with a row of section labels above its header, as
 * real ERIC workbooks have, and the documented survey example, whose dates LibreOffice stores as date cells.
 */
async function read(source: UploadSource, bytes: Uint8Array) {
  const readings: unknown[] = [];
  const options: UploadReadOptions = { filename: 'f', uploadedYear: 2026, onRead: (r) => readings.push(r) };
  const outcomes = await collect(readUpload(source, bytes, options));
  return { outcomes, reading: readings[0] };
}

const records = (outcomes: Awaited<ReturnType<typeof read>>['outcomes']) =>
  outcomes.map((o) => (o.kind === 'accepted' ? o.record : o.problems));

describe('.xls and .ods workbooks', () => {
  it('reads ERIC workbooks under a row of section labels as the CSV reads the same rows', async () => {
    const csv = await read('eric', fixture('eric-england/eric-2016-17-england-slice.csv'));
    for (const [file, format] of [
      ['eric-england/eric-2016-17-england-sections.xls', 'xls'],
      ['eric-england/eric-2016-17-england-sections.ods', 'ods'],
    ] as const) {
      const sheet = await read('eric', fixture(file));
      expect(sheet.reading).toEqual({ format });
      expect(records(sheet.outcomes)).toEqual(records(csv.outcomes));
      // the label row is row 1 and the header row 2, as the spreadsheet shows them: data starts on row 3
      expect(sheet.outcomes.map((o) => o.row)).toEqual(csv.outcomes.map((o) => o.row + 1));
      expect(sheet.outcomes).toHaveLength(10);
    }
  });

  it('reads date cells as the dates the CSV spells out', async () => {
    const csv = await read('survey', example('survey.csv'));
    for (const file of ['survey-example.xls', 'survey-example.ods']) {
      const sheet = await read('survey', fixture(file));
      expect(records(sheet.outcomes)).toEqual(records(csv.outcomes));
    }
    expect(records(csv.outcomes)[0]).toMatchObject({ surveyDate: '2018-03-12' });
  });

  it('reads the first visible tab of an .xls, passing over a hidden one', async () => {
    const book = utils.book_new();
    utils.book_append_sheet(book, utils.aoa_to_sheet([['Property Reference'], ['HIDDEN-1']]), 'Hidden');
    utils.book_append_sheet(
      book,
      utils.aoa_to_sheet([
        ['Property Reference', 'Easting', 'Northing'],
        ['NHSPS-1', 530000, 180000],
      ]),
      'Register',
    );
    book.Workbook = { Sheets: [{ Hidden: 1 }, { Hidden: 0 }] };
    const bytes = new Uint8Array(write(book, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const { outcomes, reading } = await read('nhsps', bytes);
    expect(reading).toEqual({ format: 'xls' });
    expect(outcomes).toMatchObject([{ kind: 'accepted', row: 2, record: { sourceRef: 'NHSPS-1' } }]);
  });

  it('looks for the header under up to nine rows of labels, and refuses naming the first row when none is found', async () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => `Section ${i + 1},,\n`).join('');
    const register = 'Property Reference,Easting,Northing\nNHSPS-1,530000,180000\n';
    const found = await read('nhsps', utf8(`${labels(9)}${register}`));
    expect(found.outcomes).toMatchObject([{ kind: 'accepted', row: 11 }]);
    await expect(read('nhsps', utf8(`${labels(10)}${register}`))).rejects.toThrow(
      /no "Property Reference" column \(required\); columns found: "Section 1"/,
    );
  });

  it('refuses an OLE compound file that holds no workbook, saying to save as XLSX or CSV', async () => {
    const book = utils.book_new();
    utils.book_append_sheet(book, utils.aoa_to_sheet([['x']]), 'S');
    const xls = new Uint8Array(write(book, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    // the same compound file with its Workbook stream renamed, as a Word document would hold WordDocument
    const renamed = Buffer.from(xls);
    const name = Buffer.from('Workbook', 'utf16le');
    const at = renamed.indexOf(name);
    expect(at).toBeGreaterThan(0);
    Buffer.from('Wordbook', 'utf16le').copy(renamed, at);
    await expect(read('nhsps', renamed)).rejects.toThrow(
      /OLE compound file with no Excel workbook in it.*save it as .xlsx or CSV/,
    );
  });
});
