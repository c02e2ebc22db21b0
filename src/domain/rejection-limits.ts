/**
 * How much of an upload's rejections is kept, and when an upload is refused whole. Our own
 * figures, set after the security review of issue 20: one 1 MB CSV produced 200,000 rejection
 * rows (80 MB) and a 32 MB answer. The first rows show what is wrong with a file; past them, the
 * counts by code say how often.
 */
export const REJECTION_LIMITS = {
  /** Rejected rows kept in full (the row as read and every reason) per upload. */
  rowsKeptInFull: 10_000,
  /** An upload whose first batch has at least this many rows ... */
  judgedAfterRows: 100,
  /** ... and more than this share of them rejected is refused whole: nothing from it is written. */
  refusedShare: 0.5,
} as const;

export interface RejectedRow {
  row: number;
  problems: ReadonlyArray<{ code: string }>;
}

/** How many of this batch's rejected rows are kept in full, given how many the upload already has. */
export const rowsToKeep = (alreadyRejected: number): number =>
  Math.max(0, REJECTION_LIMITS.rowsKeptInFull - alreadyRejected);

/** Rejected rows by code (a row with two problems of one code counts once). */
export function rowsByCode(rejections: readonly RejectedRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rejections)
    for (const code of new Set(r.problems.map((p) => p.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts;
}

/** Why a first batch is refused whole, or null: most of its rows rejected, named by the commonest code. */
export function refusedWhole(read: number, rejections: readonly RejectedRow[]): string | null {
  if (read < REJECTION_LIMITS.judgedAfterRows || rejections.length <= read * REJECTION_LIMITS.refusedShare) return null;
  const [code, rows] = [...rowsByCode(rejections)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [
    'rejected',
    rejections.length,
  ];
  return `${rejections.length} of the first ${read} rows were rejected (most often ${code}, ${rows} rows), so nothing from this file was used: check it is the right file for its source, then upload it again; the rejected rows say what is wrong`;
}
