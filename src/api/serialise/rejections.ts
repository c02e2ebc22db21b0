import type { RejectionRow } from '../../db/uploads.js';
import { toCsv } from '../../export/csv.js';

/**
 * The rejection report, shared by `estates rejections --csv` and GET /api/uploads/:id/rejections:
 * one line per reason, then the original row as read, every column any rejected row had.
 */
export function rejectionReportCsv(filename: string, rejections: readonly RejectionRow[]): string {
  const columns = [...new Set(rejections.flatMap((r) => Object.keys(r.raw)))];
  const rows = rejections.flatMap((r) =>
    r.problems.map((p) => [filename, r.row, p.field, p.code, p.message, ...columns.map((c) => r.raw[c] ?? '')]),
  );
  return toCsv(['file', 'row', 'field', 'code', 'message', ...columns], rows);
}
