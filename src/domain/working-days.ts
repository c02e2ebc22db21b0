import { bankHolidays } from './bank-holidays.js';

/**
 * Working days in England: Monday to Friday, less England and Wales bank holidays. Dates are
 * calendar dates (yyyy-mm-dd) as people in London see them, so a deadline never shifts with
 * a server's time zone; instants are turned into London dates once, by londonDate().
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01; refuses anything that is not a real calendar date. */
export function dayNumber(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a yyyy-mm-dd date: ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`no such date: ${date}`);
  }
  return ms / MS_PER_DAY;
}

export function fromDayNumber(days: number): IsoDate {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

const londonFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in London at an instant (BST-aware: 23:30 UTC in June is the next day). */
export function londonDate(instant: Date): IsoDate {
  const parts = londonFormat.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const holidayDays = new Map<number, ReadonlySet<number>>();

function holidaysOfYear(year: number): ReadonlySet<number> {
  let set = holidayDays.get(year);
  if (!set) {
    set = new Set(bankHolidays(year).map((h) => dayNumber(h.date)));
    holidayDays.set(year, set);
  }
  return set;
}

const yearOf = (days: number): number => new Date(days * MS_PER_DAY).getUTCFullYear();
/** 1970-01-01 was a Thursday; 0 Sunday … 6 Saturday. */
const weekdayOf = (days: number): number => (((days + 4) % 7) + 7) % 7;

function isWorkingDayNumber(days: number): boolean {
  const w = weekdayOf(days);
  return w !== 0 && w !== 6 && !holidaysOfYear(yearOf(days)).has(days);
}

export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayNumber(dayNumber(date));
}

/**
 * The date n working days after `date` (n = 0 gives the date itself, working or not), so
 * that workingDaysBetween(date, addWorkingDays(date, n)) === n.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`working days to add must be a whole number ≥ 0, not ${n}`);
  let days = dayNumber(date);
  let left = n;
  while (left > 0) {
    days += 1;
    if (isWorkingDayNumber(days)) left -= 1;
  }
  return fromDayNumber(days);
}

/** Weekdays in [1970-01-05 (a Monday), d), negative before it: a running count to difference. */
function weekdaysBefore(days: number): number {
  const sinceMonday = days - 4;
  const weeks = Math.floor(sinceMonday / 7);
  return 5 * weeks + Math.min(sinceMonday - 7 * weeks, 5);
}

/**
 * Working days after `a` up to and including `b`; negative (the same count) when b is
 * before a. Counted by arithmetic on weeks less the holidays in range, so decades are cheap.
 */
export function workingDaysBetween(a: IsoDate, b: IsoDate): number {
  const from = dayNumber(a);
  const to = dayNumber(b);
  if (to < from) return -workingDaysBetween(b, a);
  let count = weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
  for (let year = yearOf(from); year <= yearOf(to); year += 1) {
    for (const holiday of holidaysOfYear(year)) if (holiday > from && holiday <= to) count -= 1;
  }
  return count;
}
