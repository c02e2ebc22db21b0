import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { formulaSafe } from './csv.js';
import { stampZipEntries } from './zip-timestamps.js';

export type WorkbookCell = string | number | Date | null | undefined;

/** How dates show; the cell still holds an Excel date serial, not text. */
const DATE_FORMAT = 'dd/mm/yyyy';

/**
 * The one XLSX writer: sheets written row by row through exceljs's streaming writer, so rows go to the zip as
 * they come and only compressed bytes are held. Strings are neutralised as in CSV (`formulaSafe`): exceljs
 * writes them as strings, never formulas, but a sheet saved again as CSV keeps the mark. Every date the file
 * carries (document properties and zip stamps) is the one instant given, so the same rows give the same bytes.
 */
export class StreamedWorkbook {
  private readonly chunks: Buffer[] = [];
  private readonly writer: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet;
  private rows = 0;

  /** exceljs is loaded on first use: it takes most of a second to import, which every CLI command would pay. */
  static async open(
    sheetName: string,
    header: readonly string[],
    fileDate: Date,
    creator = 'estates demo-data',
  ): Promise<StreamedWorkbook> {
    const { default: excel } = await import('exceljs');
    return new StreamedWorkbook(excel, sheetName, header, fileDate, creator);
  }

  private constructor(
    excel: typeof ExcelJS,
    sheetName: string,
    header: readonly string[],
    private readonly fileDate: Date,
    creator: string,
  ) {
    const chunks = this.chunks;
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    this.writer = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
    this.writer.created = fileDate;
    this.writer.modified = fileDate;
    this.writer.creator = creator;
    this.writer.lastModifiedBy = creator;
    this.sheet = this.startSheet(sheetName, header);
  }

  private startSheet(name: string, header: readonly string[]): ExcelJS.Worksheet {
    this.sheet = this.writer.addWorksheet(name);
    this.rows = 0;
    this.write(header);
    return this.sheet;
  }

  /** Ends the sheet in hand and starts another; its rows count from 1 again. */
  nextSheet(name: string, header: readonly string[]): void {
    this.sheet.commit();
    this.startSheet(name, header);
  }

  /** Writes a row and returns its row number as Excel shows it (the header is row 1). */
  write(cells: readonly WorkbookCell[]): number {
    const row = this.sheet.addRow(cells.map((cell) => (typeof cell === 'string' ? formulaSafe(cell) : (cell ?? null))));
    cells.forEach((cell, i) => {
      if (cell instanceof Date) row.getCell(i + 1).numFmt = DATE_FORMAT;
    });
    row.commit();
    return ++this.rows;
  }

  async toBytes(): Promise<Uint8Array> {
    this.sheet.commit();
    await this.writer.commit();
    const zip = new Uint8Array(Buffer.concat(this.chunks));
    this.chunks.length = 0;
    return stampZipEntries(zip, this.fileDate);
  }
}
