import type { Grade, RejectionCode } from '../domain/records.js';

/** A cell's value, or why it has none that we can use. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: RejectionCode; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(code: RejectionCode, message: string): Parsed<T> => ({ ok: false, code, message });

/** Published tables write "no value" in words; such a cell is empty, not a wrong number. */
const NO_VALUE = new Set(['', 'n/a', 'na', 'not applicable', 'not available', 'not known', 'unknown', '-', '–', '—']);

export function isNoValue(text: string): boolean {
  return NO_VALUE.has(text.trim().toLowerCase());
}

const PLAIN_NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
/** Thousands separators only in their proper places: "1,234,567.8" yes, "12,5" (a decimal comma) no. */
const GROUPED_NUMBER = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** "£1,234.50", " 12 ", "45%" (when percent) → a number; "Not Applicable" and blanks → null. */
export function parseNumber(text: string, options: { percent?: boolean } = {}): Parsed<number | null> {
  if (isNoValue(text)) return ok(null);
  let t = text.trim().replace(/^(-?)\s*£\s*/, '$1');
  if (options.percent) t = t.replace(/\s*%$/, '');
  if (GROUPED_NUMBER.test(t)) t = t.replace(/,/g, '');
  if (!PLAIN_NUMBER.test(t)) return fail('not_a_number', `"${text.trim()}" is not a number`);
  const value = Number(t);
  return Number.isFinite(value) ? ok(value) : fail('not_a_number', `"${text.trim()}" is too large to be a number`);
}

export interface Range {
  min?: number;
  max?: number;
  /** Bounds that the value must lie strictly inside (e.g. GIA > 0). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export function rangeProblem(value: number, range: Range): string | null {
  const { min, max, minExclusive, maxExclusive } = range;
  const belowMin = min !== undefined && (minExclusive ? value <= min : value < min);
  const aboveMax = max !== undefined && (maxExclusive ? value >= max : value > max);
  if (!belowMin && !aboveMax) return null;
  const lower = min === undefined ? '' : `${minExclusive ? 'more than' : 'at least'} ${min}`;
  const upper = max === undefined ? '' : `${maxExclusive ? 'less than' : 'at most'} ${max}`;
  return `${value} is out of range: must be ${[lower, upper].filter(Boolean).join(' and ')}`;
}

/** Pounds to integer pence, rounded once here: "£1,234.565" → 123457. */
export function parsePence(text: string): Parsed<number | null> {
  const pounds = parseNumber(text);
  if (!pounds.ok || pounds.value === null) return pounds;
  if (pounds.value < 0) return fail('out_of_range', `${pounds.value} is out of range: a cost cannot be negative`);
  const pence = Math.round(pounds.value * 100);
  return Number.isSafeInteger(pence)
    ? ok(pence)
    : fail('out_of_range', `£${pounds.value} is too large to hold exactly`);
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const UK_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL = /^\d+(\.\d+)?$/;
/** Excel's day 0 is 1899-12-30 once its fictitious 29 Feb 1900 is allowed for (serials from 61 on). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** 9999-12-31, the last day Excel can show. */
const MAX_SERIAL = 2_958_465;

function isoOf(year: number, month: number, day: number): string | null {
  const t = new Date(Date.UTC(year, month - 1, day));
  if (t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export type DateForm = 'uk' | 'compact';

/**
 * A UK date to ISO yyyy-mm-dd: dd/mm/yyyy (also with - or .), ISO, and, from XLSX cells, Excel serial numbers.
 * Never month-first: 03/15/2017 is refused, not read as 15 March. `compact` reads ODS's yyyymmdd.
 */
export function parseDate(
  text: string,
  options: { excelSerial?: boolean; form?: DateForm } = {},
): Parsed<string | null> {
  const t = text.trim();
  if (isNoValue(t)) return ok(null);
  const bad = fail<string | null>(
    'bad_date',
    `"${t}" is not a date: write dd/mm/yyyy or yyyy-mm-dd${options.form === 'compact' ? ' (ODS: yyyymmdd)' : ''}`,
  );
  let iso: string | null = null;
  const compact = options.form === 'compact' ? COMPACT_DATE.exec(t) : null;
  const isoMatch = ISO_DATE.exec(t);
  const ukMatch = UK_DATE.exec(t);
  if (compact) iso = isoOf(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  else if (isoMatch) iso = isoOf(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  else if (ukMatch) iso = isoOf(Number(ukMatch[3]), Number(ukMatch[2]), Number(ukMatch[1]));
  else if (options.excelSerial && SERIAL.test(t)) {
    const serial = Math.floor(Number(t));
    if (serial < 1 || serial > MAX_SERIAL) return bad;
    iso = new Date(EXCEL_EPOCH_MS + serial * DAY_MS).toISOString().slice(0, 10);
  }
  return iso === null ? bad : ok(iso);
}

/** A six-facet grade; "X" (only replacement helps) is D flagged replace-only, and only where `allowX`. */
export function parseGrade(
  text: string,
  options: { allowX?: boolean } = {},
): Parsed<{ grade: Grade; replaceOnly: boolean } | null> {
  const t = text.trim().toUpperCase().replace(/\s+/g, '');
  if (isNoValue(t)) return ok(null);
  switch (t) {
    case 'A':
    case 'B':
    case 'C':
    case 'D':
      return ok({ grade: t, replaceOnly: false });
    case 'B(C)':
      return ok({ grade: 'B(C)', replaceOnly: false });
    case 'X':
      if (options.allowX) return ok({ grade: 'D', replaceOnly: true });
      return fail('bad_grade', '"X" (replace only) is a physical condition grade; this facet takes A, B, B(C), C or D');
    default:
      return fail(
        'bad_grade',
        `"${text.trim()}" is not a grade: use A, B, B(C), C or D${options.allowX ? ' (or X)' : ''}`,
      );
  }
}

/** Matches free text to one of a few words, ignoring case, spacing and punctuation ("Under used" = "under-used"). */
export function parseChoice<T>(
  text: string,
  choices: ReadonlyArray<readonly [name: string, value: T]>,
  what: string,
): Parsed<T | null> {
  const key = (s: string): string => s.toLowerCase().replace(/[^a-z0-9*]+/g, '');
  if (isNoValue(text)) return ok(null);
  const wanted = key(text);
  const hit = choices.find(([name]) => key(name) === wanted);
  if (hit) return ok(hit[1]);
  const names = [...new Set(choices.map(([name]) => name))];
  return fail('bad_value', `"${text.trim()}" is not a ${what}: use ${names.join(', ')}`);
}
