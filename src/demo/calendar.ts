import type { Random } from '../domain/random.js';

const MS_PER_DAY = 86_400_000;

/** A calendar day as a UTC midnight, so Excel serials and formatted dates never depend on the machine's zone. */
export type CalendarDay = Date;

export const calendarDay = (year: number, month: number, day: number): CalendarDay =>
  new Date(Date.UTC(year, month - 1, day));

/** Uniform over every day from 1 January of the first year to 31 December of the last. */
export function randomDayInYears(random: Random, firstYear: number, lastYear: number): CalendarDay {
  const first = Date.UTC(firstYear, 0, 1) / MS_PER_DAY;
  const last = Date.UTC(lastYear, 11, 31) / MS_PER_DAY;
  return new Date(random.int(first, last) * MS_PER_DAY);
}

/** The same day and month, some whole years later (29 February rolls to 1 March, as a lease would). */
export const addYears = (day: CalendarDay, years: number): CalendarDay =>
  calendarDay(day.getUTCFullYear() + years, day.getUTCMonth() + 1, day.getUTCDate());

const two = (n: number): string => String(n).padStart(2, '0');

/** dd/mm/yyyy, the way British registers write dates. */
export const formatDayMonthYear = (day: CalendarDay): string =>
  `${two(day.getUTCDate())}/${two(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`;
