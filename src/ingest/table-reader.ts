import { csvRecords } from './csv-records.js';
import { FileUnreadable } from './file-unreadable.js';
import { decodeText } from './text.js';
import { readXlsxRows } from './xlsx-rows.js';
import { assertZipWithinLimit } from './zip-guard.js';

/** One row of a table as the user's spreadsheet shows it: its row number and its cells as text. */
export type { TableRow } from './table-row.js';
import type { TableRow } from './table-row.js';

export type TableFormat = 'csv' | 'xlsx';

export interface Table {
  format: TableFormat;
  /** Every non-empty row in order, the header (if any) first. Rows are produced one at a time, never all held. */
  rows: AsyncIterable<TableRow>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];
const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

export const isBlankRow = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/** CSV or XLSX is decided by the bytes, never the filename: users rename files. */
export async function openTable(bytes: Uint8Array, limits: { maxUnzippedBytes: number }): Promise<Table> {
  if (bytes.length === 0) throw new FileUnreadable('the file is empty');
  if (startsWith(bytes, ZIP_MAGIC)) {
    await assertZipWithinLimit(bytes, limits.maxUnzippedBytes);
    return { format: 'xlsx', rows: nonBlank(readXlsxRows(bytes)) };
  }
  if (startsWith(bytes, OLE_MAGIC)) {
    throw new FileUnreadable('this is an old-style Excel .xls workbook; save it as .xlsx or CSV and upload that');
  }
  if (startsWith(bytes, UTF16LE_BOM) || startsWith(bytes, UTF16BE_BOM)) {
    throw new FileUnreadable(
      'the file is UTF-16 text (Excel\'s "Unicode Text"); save it as "CSV UTF-8" and upload that',
    );
  }
  if (looksBinary(bytes)) throw new FileUnreadable('the file is neither CSV text nor an XLSX workbook');
  return { format: 'csv', rows: nonBlank(readCsvRows(bytes)) };
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

/** Excel in some locales writes ; or tab between fields; the header line tells which this file uses. */
function delimiterOf(firstText: string): string {
  const firstLine = firstText.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

async function* readCsvRows(bytes: Uint8Array): AsyncGenerator<TableRow> {
  const text = decodeText(bytes);
  const first = text.next();
  if (first.done) return;
  const slices = (function* () {
    yield first.value;
    yield* text;
  })();
  let row = 0;
  try {
    for (const cells of csvRecords(slices, delimiterOf(first.value))) {
      row += 1;
      yield { row, cells };
    }
  } catch (cause) {
    if (cause instanceof FileUnreadable)
      throw new FileUnreadable(`the CSV cannot be read past row ${row}: ${cause.message}`, { cause });
    throw cause;
  }
}
