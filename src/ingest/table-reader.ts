import { csvRecords } from './csv-records.js';
import { FileUnreadable } from './file-unreadable.js';
import { decodeText, detectEncoding, type TextEncoding } from './text.js';
import { readSheetRows } from './sheet-rows.js';
import { readXlsxRows } from './xlsx-rows.js';
import { assertZipWithinLimit } from './zip-guard.js';

/** One row of a table as the user's spreadsheet shows it: its row number and its cells as text. */
export type { TableRow } from './table-row.js';
import type { TableRow } from './table-row.js';

/**
 * The separators a delimited file may use: `,` (CSV), `;` and tab (Excel in locales with a decimal
 * comma, "Text (Tab delimited)"), `|` (database exports) and `¬` (the NHS website's own data files,
 * such as its hospital list, Latin-1).
 */
export const SEPARATORS = [',', ';', '\t', '|', '¬'] as const;
export type Separator = (typeof SEPARATORS)[number];

/** How a table was read, as the upload's summary reports it. */
export type TableReading =
  | { format: 'csv'; encoding: TextEncoding; separator: Separator }
  | { format: 'xlsx' | 'xls' | 'ods' };

/** Workbook cells hold numbers, so a date may arrive as an Excel serial; delimited text holds only text. */
export const isSpreadsheet = (reading: TableReading): boolean => reading.format !== 'csv';

export interface Table {
  reading: TableReading;
  /** Every non-empty row in order, the header (if any) first. Rows are produced one at a time, never all held. */
  rows: AsyncIterable<TableRow>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

export const isBlankRow = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * An OpenDocument file starts with its uncompressed `mimetype` entry (ODF 1.2 part 3, §3.3), so its media type
 * stands in the first bytes of the zip.
 */
const ODS_MEDIA_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const isOds = (bytes: Uint8Array): boolean =>
  Buffer.from(bytes.subarray(0, 30 + 'mimetype'.length + ODS_MEDIA_TYPE.length + 8))
    .toString('latin1')
    .includes(`mimetype${ODS_MEDIA_TYPE}`);

/** CSV, XLSX, .xls or .ods is decided by the bytes, never the filename: users rename files. */
export async function openTable(bytes: Uint8Array, limits: { maxUnzippedBytes: number }): Promise<Table> {
  if (bytes.length === 0) throw new FileUnreadable('the file is empty');
  if (startsWith(bytes, ZIP_MAGIC)) {
    await assertZipWithinLimit(bytes, limits.maxUnzippedBytes);
    if (isOds(bytes)) return { reading: { format: 'ods' }, rows: nonBlank(readSheetRows(bytes, 'ods')) };
    return { reading: { format: 'xlsx' }, rows: nonBlank(readXlsxRows(bytes)) };
  }
  // An OLE compound file: Excel 97-2003 .xls (BIFF8); SheetJS refuses what is not a workbook (a .doc, say).
  if (startsWith(bytes, OLE_MAGIC)) return { reading: { format: 'xls' }, rows: nonBlank(readSheetRows(bytes, 'xls')) };
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) {
    throw new FileUnreadable(
      'the file is UTF-16 text (Excel\'s "Unicode Text"); save it as "CSV UTF-8" and upload that',
    );
  }
  if (looksBinary(bytes))
    throw new FileUnreadable(
      'the file is neither CSV text nor a workbook (XLSX, Excel 97–2003 .xls, OpenDocument .ods)',
    );
  return openCsv(bytes);
}

/**
 * PDFs, images and UTF-16 exports are full of NUL bytes early on; a text file may hold a stray one in a cell,
 * which is that row's problem, not the file's.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  const nuls = sample.reduce((n, b) => (b === 0 ? n + 1 : n), 0);
  return nuls * 20 > sample.length;
}

async function* nonBlank(rows: AsyncIterable<TableRow>): AsyncGenerator<TableRow> {
  for await (const row of rows) if (!isBlankRow(row.cells)) yield row;
}

/**
 * The separator is the one the first line uses most, outside quotes (a quoted header may hold a
 * comma). A first line with none of them is one long column, which no source can use: it is
 * refused saying so and showing the line, rather than as "no Property Reference column" naming
 * one 400-character column.
 */
export function separatorOf(firstLine: string): Separator {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best: Separator | null = null;
  let bestCount = 0;
  for (const separator of SEPARATORS) {
    const count = unquoted.split(separator).length - 1;
    if (count > bestCount) [best, bestCount] = [separator, count];
  }
  if (best !== null) return best;
  const shown = firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine;
  throw new FileUnreadable(
    `the separator was not recognised: the first line has none of , ; tab | ¬ between its columns. The first line is: ${JSON.stringify(shown)}`,
  );
}

const firstLineOf = (text: string): string => text.split(/\r\n|\n|\r/, 1)[0] ?? '';

/** Decides the encoding and the separator before any row is read, so the summary can say how the file was read. */
function openCsv(bytes: Uint8Array): Table {
  const encoding = detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const first = text.next();
  const firstLine = firstLineOf((first.done ? '' : first.value).trimStart());
  // a file of blank lines has no header: the table's reader says so, not the separator
  const separator = firstLine.trim() === '' ? ',' : separatorOf(firstLine);
  const slices = (function* () {
    if (!first.done) yield first.value;
    yield* text;
  })();
  return { reading: { format: 'csv', encoding, separator }, rows: nonBlank(readCsvRows(slices, separator)) };
}

async function* readCsvRows(slices: Iterable<string>, separator: Separator): AsyncGenerator<TableRow> {
  let row = 0;
  try {
    for (const cells of csvRecords(slices, separator)) {
      row += 1;
      yield { row, cells };
    }
  } catch (cause) {
    if (cause instanceof FileUnreadable)
      throw new FileUnreadable(`the CSV cannot be read past row ${row}: ${cause.message}`, { cause });
    throw cause;
  }
}
