/**
 * The one CSV writer: every CSV the product writes (exports, rejections, the Brownfield register, the demo
 * estate's files) goes through `csvCell`, so each is RFC 4180 and safe to open in Excel.
 */

export type CsvCell = string | number | null | undefined;

/**
 * A cell that starts with =, +, -, @, tab or carriage return is read by Excel as a formula (CSV injection,
 * OWASP), so its text gets a leading quote mark. XLSX strings are neutralised the same way (xlsx.ts), so a
 * sheet saved again as CSV stays safe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number (a negative longitude) is a number to Excel, never a formula: left as it is. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The text with a quote mark before it when Excel would take it for a formula. */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell: formula-safe, then quoted only when it holds a comma, a quote or a line break (inner quotes doubled). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const raw = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const text = formulaSafe(raw);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** A whole CSV held as text: for answers of a few thousand rows (rejections, land, exports). */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map(csvLine).join('');
}

/** Characters of text gathered before they are encoded, so no more than this is ever held as a string. */
const FLUSH_CHARS = 64 * 1024;

/**
 * A CSV file built row by row into UTF-8 chunks, so a large estate is held once, as bytes, never as rows.
 * Lines end CRLF (RFC 4180); the header is row 1, so `rowsWritten + 1` is the row number a reader reports.
 */
export class CsvFile {
  private pending = '';
  private readonly chunks: Uint8Array[] = [];
  private byteLength = 0;
  private readonly encoder = new TextEncoder();
  private rows = 0;

  constructor(header: readonly string[]) {
    this.writeLine(header);
  }

  /** Data rows written so far (the header is not one). */
  get rowsWritten(): number {
    return this.rows - 1;
  }

  /** Writes a data row and returns its row number in the file, counting the header as row 1. */
  write(cells: readonly CsvCell[]): number {
    this.writeLine(cells);
    return this.rows;
  }

  private writeLine(cells: readonly CsvCell[]): void {
    this.pending += csvLine(cells);
    this.rows++;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending === '') return;
    const chunk = this.encoder.encode(this.pending);
    this.chunks.push(chunk);
    this.byteLength += chunk.length;
    this.pending = '';
  }

  /** The whole file; the chunks are let go, so the bytes are held once the caller drops this writer. */
  toBytes(): Uint8Array {
    this.flush();
    const bytes = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks.length = 0;
    return bytes;
  }
}
