import { CsvFile } from './csv.js';
import type { ExportTable } from './tables.js';
import { StreamedWorkbook } from './xlsx.js';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Rows written between yields to the event loop: writing is synchronous (100,000 ranked sites take about a
 * second as CSV and 10–25 s as XLSX on the project’s machine under load), so an API process keeps answering meanwhile.
 */
const ROWS_PER_TURN = 2_000;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A table as a file: CSV (one table, the assumption set on every row) or XLSX (the table, then "About"). */
export async function exportFile(table: ExportTable, format: ExportFormat): Promise<Uint8Array> {
  if (format === 'csv') {
    const file = new CsvFile(table.header);
    for (const [i, row] of table.rows.entries()) {
      file.write(row);
      if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    }
    return file.toBytes();
  }
  const aboutDate = table.about.find(([k]) => k === 'Exported at')?.[1];
  const book = await StreamedWorkbook.open(
    table.title,
    table.header,
    aboutDate ? new Date(aboutDate) : new Date(0),
    'London Estates',
  );
  for (const [i, row] of table.rows.entries()) {
    book.write(row);
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
  }
  book.nextSheet('About', ['what', 'value']);
  for (const line of table.about) book.write(line);
  return book.toBytes();
}

/** The file's name: what it holds and the day it was made, e.g. ranked-sites-2026-12-04.xlsx. */
export const exportFileName = (table: ExportTable, format: ExportFormat, day: string): string =>
  `${table.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${day}.${format}`;
