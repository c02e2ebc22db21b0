import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { FileUnreadable } from './file-unreadable.js';
import type { TableRow } from './table-row.js';

/**
 * The first worksheet's rows through exceljs's streaming reader, so a large workbook never sits in memory whole.
 * Styles are ignored, so date cells arrive as Excel serial numbers and the date parser reads them as such.
 */
export async function* readXlsxRows(bytes: Uint8Array): AsyncGenerator<TableRow> {
  // Loaded on first use: exceljs takes most of a second to import, which every CLI command would pay.
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets += 1;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        yield { row: row.number, cells: values.slice(1).map(cellText) };
      }
      // Only the first worksheet is the register; others are notes, lookups or pivots.
      break;
    }
  } catch (cause) {
    if (cause instanceof FileUnreadable) throw cause;
    throw new FileUnreadable(`the XLSX workbook cannot be read: ${(cause as Error).message}`, { cause });
  }
  if (sheets === 0) throw new FileUnreadable('the XLSX workbook has no worksheet');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A cell as the text its user sees: rich text joined, formulas by their result, dates as ISO. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).toUpperCase();
  if (value instanceof Date) {
    const d = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    return value.getUTCHours() || value.getUTCMinutes() ? `${d}T${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}` : d;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('result' in v) return cellText(v.result);
    if ('formula' in v || 'sharedFormula' in v) return '';
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}
