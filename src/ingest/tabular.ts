import { FileUnreadable } from './file-unreadable.js';
import { mapColumns, rawRow, requireColumns, type ColumnMap, type ColumnSpecs } from './headers.js';
import { DEFAULT_MAX_UNZIPPED_BYTES, type ReadOptions, type RowOutcome } from './outcome.js';
import { RowFields } from './row-fields.js';
import { isSpreadsheet, openTable } from './table-reader.js';

/** How one source's table becomes records: its columns, and a row converter made fresh for each file. */
export interface TabularSource<F extends string, R> {
  columns: ColumnSpecs<F>;
  requiredColumns: readonly F[];
  /** Header checks beyond single required columns (e.g. Easting + Northing, or Postcode). */
  checkHeader?: (map: ColumnMap<F>) => void;
  /**
   * For files published without a header row (ODS; Code-Point Open as OS ships it): given the first row, the
   * header to assume when that row is already data, or null when it is a header.
   */
  impliedHeader?: (firstRow: readonly string[]) => readonly string[] | null;
  /** Made once per file, so per-file state (references seen, for duplicate_in_file) starts empty. */
  converter: () => (fields: RowFields<F>, row: number) => R;
}

/**
 * Rows looked at for the header. Published workbooks put a title or a row of section labels above it (real ERIC
 * workbooks: "Estates costs", "Space", "Backlog", … over their 126 headers); those rows are passed over.
 */
const HEADER_SEARCH_ROWS = 10;

/**
 * Streams a delimited file or workbook through a source's converter: the header is the first non-empty row
 * holding the source's required columns (within HEADER_SEARCH_ROWS; rows above it are labels, not data), and
 * each later non-empty row gives exactly one outcome, accepted when the converter found no problem.
 */
export async function* readTabular<F extends string, R>(
  bytes: Uint8Array,
  options: ReadOptions,
  source: TabularSource<F, R>,
): AsyncGenerator<RowOutcome<R>> {
  const table = await openTable(bytes, { maxUnzippedBytes: options.maxUnzippedBytes ?? DEFAULT_MAX_UNZIPPED_BYTES });
  options.onRead?.(table.reading);
  const headerOf = (cells: readonly string[]): ColumnMap<F> => {
    const map = mapColumns(cells, source.columns);
    requireColumns(map, source.columns, source.requiredColumns);
    source.checkHeader?.(map);
    return map;
  };
  let columns: ColumnMap<F> | null = null;
  let searched = 0;
  let firstRefusal: FileUnreadable | null = null;
  const convert = source.converter();
  for await (const { row, cells } of table.rows) {
    if (columns === null) {
      // a file published without a header says so by its first row only
      const implied = searched === 0 ? (source.impliedHeader?.(cells) ?? null) : null;
      searched += 1;
      if (implied !== null) columns = headerOf(implied);
      else {
        try {
          columns = headerOf(cells);
        } catch (refusal) {
          if (!(refusal instanceof FileUnreadable)) throw refusal;
          // the first row's refusal is the one to show: the rows under it were only tried
          firstRefusal ??= refusal;
          if (searched >= HEADER_SEARCH_ROWS) throw firstRefusal;
        }
        continue;
      }
    }
    const fields = new RowFields(cells, columns, source.columns, isSpreadsheet(table.reading), options.uploadedYear);
    const record = convert(fields, row);
    const raw = rawRow(columns.rawKeys, cells);
    yield fields.problems.length === 0
      ? { kind: 'accepted', row, raw, record }
      : { kind: 'rejected', row, raw, problems: fields.problems };
  }
  if (firstRefusal !== null && columns === null) throw firstRefusal;
  if (columns === null)
    throw new FileUnreadable(`${options.filename} has no header row: the file holds no text in any cell`);
}

/** Remembers each reference's first row, so a repeat is refused naming the row it repeats. */
export function duplicateTracker(): (key: string, row: number) => number | null {
  const firstRow = new Map<string, number>();
  return (key, row) => {
    const seen = firstRow.get(key);
    if (seen !== undefined) return seen;
    firstRow.set(ownCopy(key), row);
    return null;
  };
}

/**
 * The text copied out of whatever larger string it was cut from. V8 keeps a cut of 13 characters or more
 * as a view of the whole (a 64 kB slice of the file here), so one remembered reference per slice held
 * the whole file's text for the whole upload (100k register and surveys ingesting: 433 -> 339-354 MB
 * peak RSS). Prefixing makes a new string; cutting the prefix off again keeps a view of that copy only.
 */
const ownCopy = (text: string): string => ` ${text}`.slice(1);
