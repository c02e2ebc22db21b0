import { FileUnreadable } from './file-unreadable.js';

/**
 * Header matching ignores case, spacing, punctuation and units in brackets, and a unit written after the name
 * ("GIA m²", "Site Area ha"), so "GIA (m2)", "gia m²" and "Gross internal area (sqm)" all find one column.
 */
const TRAILING_UNIT = /(m2|sqm|sqmetres|sqmeters|squaremetres|squaremeters|ha|hectares?|gbp|pounds|percent|pct)$/;

/** "Gross internal floor area (m²)" → "grossinternalfloorarea". NFKC folds ² into 2 and full-width forms. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[^a-z0-9]+/g, '');
}

function keysOf(text: string): string[] {
  const key = headerKey(text);
  const bare = key.replace(TRAILING_UNIT, '');
  return bare && bare !== key ? [key, bare] : [key];
}

export interface ColumnSpec {
  /** The column's name in our documented format (docs/formats.md). */
  label: string;
  /** Other names users' files use; matched the same forgiving way as the label. */
  aliases?: readonly string[];
}

export type ColumnSpecs<F extends string> = Record<F, ColumnSpec>;

/** Where each known field sits in the file's header, and the header text the file used for it. */
export interface ColumnMap<F extends string> {
  header: readonly string[];
  /** Raw keys, unique per column: the header text, or columnN when blank or repeated. */
  rawKeys: readonly string[];
  at: Partial<Record<F, { index: number; header: string }>>;
}

function rawKeysFor(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((text, i) => {
    const trimmed = text.trim();
    const key = trimmed && !seen.has(trimmed) ? trimmed : `column${i + 1}`;
    seen.add(key);
    return key;
  });
}

export function mapColumns<F extends string>(header: readonly string[], specs: ColumnSpecs<F>): ColumnMap<F> {
  const fieldByKey = new Map<string, F>();
  for (const field of Object.keys(specs) as F[]) {
    const spec = specs[field];
    for (const name of [spec.label, ...(spec.aliases ?? [])]) {
      for (const key of keysOf(name)) if (!fieldByKey.has(key)) fieldByKey.set(key, field);
    }
  }
  const at: ColumnMap<F>['at'] = {};
  header.forEach((text, index) => {
    const [key, bare] = keysOf(text);
    const field = fieldByKey.get(key ?? '') ?? (bare === undefined ? undefined : fieldByKey.get(bare));
    // The first column that matches a field wins, as a reader scanning left to right would take it.
    if (field !== undefined && at[field] === undefined) at[field] = { index, header: text.trim() };
  });
  return { header, rawKeys: rawKeysFor(header), at };
}

/** Refuses the file when any of `fields` has no column, naming what is missing and what the file has. */
export function requireColumns<F extends string>(map: ColumnMap<F>, specs: ColumnSpecs<F>, fields: readonly F[]): void {
  const missing = fields.filter((f) => map.at[f] === undefined).map((f) => `"${specs[f].label}"`);
  if (missing.length === 0) return;
  throw new FileUnreadable(
    `the header row has no ${missing.join(', ')} column (required); columns found: ${describeHeader(map.header)}`,
  );
}

export function describeHeader(header: readonly string[]): string {
  const names = header.map((h) => h.trim()).filter((h) => h !== '');
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, 40).map((h) => `"${h}"`);
  return names.length > shown.length ? `${shown.join(', ')} and ${names.length - shown.length} more` : shown.join(', ');
}

/** The row as read, keyed by the file's own header text. */
export function rawRow(rawKeys: readonly string[], cells: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  const width = Math.max(rawKeys.length, cells.length);
  for (let i = 0; i < width; i += 1) {
    const value = cells[i] ?? '';
    if (i >= rawKeys.length && value === '') continue;
    raw[rawKeys[i] ?? `column${i + 1}`] = value;
  }
  return raw;
}
