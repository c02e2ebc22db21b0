import type { RejectionRow } from '../../db/uploads.js';
import { csvLine, toCsv } from '../../export/csv.js';

const HEADER = ['file', 'row', 'field', 'code', 'message'];

const reportLines = (filename: string, columns: readonly string[], r: RejectionRow): unknown[][] =>
  r.problems.map((p) => [filename, r.row, p.field, p.code, p.message, ...columns.map((c) => r.raw[c] ?? '')]);

/**
 * The rejection report, shared by `estates rejections --csv` and GET /api/uploads/:id/rejections:
 * one line per reason, then the original row as read, every column any rejected row had.
 */
export function rejectionReportCsv(filename: string, rejections: readonly RejectionRow[]): string {
  const columns = [...new Set(rejections.flatMap((r) => Object.keys(r.raw)))];
  return toCsv(
    [...HEADER, ...columns],
    rejections.flatMap((r) => reportLines(filename, columns, r)),
  );
}

/**
 * The same report as text a page of rows at a time (`columns` as rejectionColumns gives them):
 * 10,000 rows kept in full are written without holding them, or the report, at once.
 */
export async function* rejectionReportLines(
  filename: string,
  columns: readonly string[],
  rejections: AsyncIterable<RejectionRow>,
): AsyncGenerator<string> {
  yield csvLine([...HEADER, ...columns]);
  let text = '';
  for await (const r of rejections) {
    for (const line of reportLines(filename, columns, r)) text += csvLine(line);
    if (text.length >= 64 * 1024) {
      yield text;
      text = '';
    }
  }
  if (text !== '') yield text;
}
