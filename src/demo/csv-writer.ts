export type CsvCell = string | number | null;

/** RFC 4180: quote a cell only when it holds a comma, a quote or a line break, doubling inner quotes. */
export function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
    this.pending += `${cells.map(csvCell).join(',')}\r\n`;
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
