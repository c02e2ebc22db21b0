import { CFB, read, utils, type CellObject, type WorkBook } from '@e965/xlsx';
import { FileUnreadable } from './file-unreadable.js';
import type { TableRow } from './table-row.js';

/** Workbooks read through SheetJS: Excel 97–2003 `.xls` (BIFF8) and OpenDocument `.ods`. */
export type SheetKind = 'xls' | 'ods';

const KIND_NAMES: Record<SheetKind, string> = {
  xls: 'Excel 97–2003 (.xls)',
  ods: 'OpenDocument (.ods)',
};

/**
 * The first worksheet tab its user sees, row by row, cells as the XLSX reader gives them: text as typed,
 * numbers (and so dates) as their values, formulas by their last result. SheetJS reads these formats whole
 * (neither can be streamed: BIFF8 is a compound file, and an .ods sheet is one XML part), so the workbook is in
 * memory once, as large as the upload limit lets it be; XLSX, the format of large registers, keeps its own
 * streaming reader (xlsx-rows.ts).
 */
export async function* readSheetRows(bytes: Uint8Array, kind: SheetKind): AsyncGenerator<TableRow> {
  const workbook = openWorkbook(bytes, kind);
  const name = firstVisibleSheet(workbook, kind);
  const sheet = workbook.Sheets[name];
  const ref = sheet?.['!ref'];
  if (!sheet || !ref) return;
  const range = utils.decode_range(ref);
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    for (let c = 0; c <= range.e.c; c++)
      cells.push(cellText(sheet[utils.encode_cell({ r, c })] as CellObject | undefined));
    yield { row: r + 1, cells };
    // a large sheet's rows go to the caller in turns, as the other readers' do
    if ((r - range.s.r) % 256 === 255) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * SheetJS reads bytes it cannot place as text, so a truncated compound file, or a Word document, would come back
 * as one odd column: the compound file must open and hold an Excel workbook stream (BIFF8 `Workbook`, BIFF5 `Book`).
 */
function checkExcelCompoundFile(bytes: Uint8Array): void {
  const refuse = (why: string, cause?: unknown): FileUnreadable =>
    new FileUnreadable(
      `the ${KIND_NAMES.xls} workbook cannot be read (${why}); save it as .xlsx or CSV and upload that`,
      cause === undefined ? undefined : { cause },
    );
  let container: ReturnType<typeof CFB.read>;
  try {
    container = CFB.read(bytes, { type: 'array' });
  } catch (cause) {
    throw refuse((cause as Error).message, cause);
  }
  if (!CFB.find(container, 'Workbook') && !CFB.find(container, 'Book'))
    throw refuse('it is an OLE compound file with no Excel workbook in it, such as a Word document');
}

function openWorkbook(bytes: Uint8Array, kind: SheetKind): WorkBook {
  if (kind === 'xls') checkExcelCompoundFile(bytes);
  try {
    return read(bytes, { type: 'array', cellDates: false, cellFormula: false, cellHTML: false, cellStyles: false });
  } catch (cause) {
    throw new FileUnreadable(
      `the ${KIND_NAMES[kind]} workbook cannot be read (${(cause as Error).message}); save it as .xlsx or CSV and upload that`,
      { cause },
    );
  }
}

/** Hidden and very hidden tabs (Workbook.Sheets[i].Hidden 1 and 2) are passed over, as in the XLSX reader. */
function firstVisibleSheet(workbook: WorkBook, kind: SheetKind): string {
  const visible = workbook.SheetNames.find((_, i) => !workbook.Workbook?.Sheets?.[i]?.Hidden);
  if (visible === undefined) throw new FileUnreadable(`the ${KIND_NAMES[kind]} workbook has no visible worksheet`);
  return visible;
}

/** Excel's day 0 (1899-12-30, so that 1900-03-01 is 61 as in Excel), for a date SheetJS gives as a Date. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function cellText(cell: CellObject | undefined): string {
  if (cell === undefined || cell.v === undefined || cell.v === null) return '';
  const { v } = cell;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return String((v.getTime() - EXCEL_EPOCH_MS) / DAY_MS);
  if (cell.t === 'e') return cell.w ?? '#ERROR';
  return String(v);
}
