/**
 * Bank holidays in England and Wales, computed by rule so that any year works without a
 * hand-kept list of dates (Banking and Financial Dealings Act 1971 and the royal
 * proclamations that move or add days). Rules hold from 1978, the first year of the early
 * May holiday; earlier years are refused rather than answered wrongly.
 *
 * One-off days are proclaimed a few months ahead, so a future one (a coronation, a state
 * funeral) must be added to ONE_OFF_HOLIDAYS when it is announced.
 */

export interface BankHoliday {
  /** yyyy-mm-dd */
  date: string;
  name: string;
}

export const FIRST_RULED_YEAR = 1978;

/** Extra days granted by proclamation; they add to, not replace, the year's usual holidays. */
const ONE_OFF_HOLIDAYS: readonly BankHoliday[] = [
  { date: '1981-07-29', name: 'Royal Wedding (Prince of Wales)' },
  { date: '1999-12-31', name: 'Millennium' },
  { date: '2002-06-03', name: 'Golden Jubilee' },
  { date: '2011-04-29', name: 'Royal Wedding (Duke of Cambridge)' },
  { date: '2012-06-05', name: 'Diamond Jubilee' },
  { date: '2022-06-03', name: 'Platinum Jubilee' },
  { date: '2022-09-19', name: 'State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Coronation of King Charles III' },
];

/** Usual holidays moved by proclamation to another day of the same year. */
const MOVED_HOLIDAYS: Readonly<Record<number, { earlyMay?: [number, number]; spring?: [number, number] }>> = {
  1995: { earlyMay: [5, 8] }, // VE Day 50
  2002: { spring: [6, 4] }, // Golden Jubilee
  2012: { spring: [6, 4] }, // Diamond Jubilee
  2020: { earlyMay: [5, 8] }, // VE Day 75, a Friday
  2022: { spring: [6, 2] }, // Platinum Jubilee, a Thursday
};

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`;
/** 0 Sunday … 6 Saturday. */
const weekday = (year: number, month: number, day: number): number =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay();

/**
 * Easter Sunday in the Gregorian calendar by the anonymous (Meeus/Jones/Butcher) computus.
 * Worked for 2024: a=10 b=20 c=24 d=5 e=0 f=1 g=6 h=4 i=6 k=0 l=5 m=0 → month 3, day 31.
 */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return { month: Math.floor(n / 31), day: (n % 31) + 1 };
}

function addDays(year: number, month: number, day: number, days: number): string {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function firstMonday(year: number, month: number): number {
  return 1 + ((8 - weekday(year, month, 1)) % 7);
}

function lastMonday(year: number, month: number, daysInMonth: number): number {
  return daysInMonth - ((weekday(year, month, daysInMonth) + 6) % 7);
}

/** New Year's Day, or the Monday after when it falls at a weekend. */
function newYear(year: number): string {
  const w = weekday(year, 1, 1);
  return iso(year, 1, w === 6 ? 3 : w === 0 ? 2 : 1);
}

/**
 * Christmas and Boxing Day with substitutes: a holiday at a weekend moves to the next
 * weekday not already a holiday, so Christmas on a Saturday gives Mon 27 and Tue 28, and
 * Christmas on a Sunday gives Boxing Day Mon 26 and Christmas Tue 27.
 */
function christmasPair(year: number): BankHoliday[] {
  switch (weekday(year, 12, 25)) {
    case 5: // Friday: Boxing Day is Saturday
      return [
        { date: iso(year, 12, 25), name: 'Christmas Day' },
        { date: iso(year, 12, 28), name: 'Boxing Day (substitute day)' },
      ];
    case 6:
      return [
        { date: iso(year, 12, 27), name: 'Christmas Day (substitute day)' },
        { date: iso(year, 12, 28), name: 'Boxing Day (substitute day)' },
      ];
    case 0:
      return [
        { date: iso(year, 12, 26), name: 'Boxing Day' },
        { date: iso(year, 12, 27), name: 'Christmas Day (substitute day)' },
      ];
    default:
      return [
        { date: iso(year, 12, 25), name: 'Christmas Day' },
        { date: iso(year, 12, 26), name: 'Boxing Day' },
      ];
  }
}

const cache = new Map<number, readonly BankHoliday[]>();

/** The year's bank holidays in England and Wales, in date order; every one is a weekday. */
export function bankHolidays(year: number): readonly BankHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_RULED_YEAR) {
    throw new RangeError(`bank holidays are computed from ${FIRST_RULED_YEAR} onwards, not for ${year}`);
  }
  const hit = cache.get(year);
  if (hit) return hit;
  const easter = easterSunday(year);
  const moved = MOVED_HOLIDAYS[year] ?? {};
  const [mayMonth, mayDay] = moved.earlyMay ?? [5, firstMonday(year, 5)];
  const [springMonth, springDay] = moved.spring ?? [5, lastMonday(year, 5, 31)];
  const days: BankHoliday[] = [
    { date: newYear(year), name: "New Year's Day" },
    { date: addDays(year, easter.month, easter.day, -2), name: 'Good Friday' },
    { date: addDays(year, easter.month, easter.day, 1), name: 'Easter Monday' },
    { date: iso(year, mayMonth, mayDay), name: 'Early May bank holiday' },
    { date: iso(year, springMonth, springDay), name: 'Spring bank holiday' },
    { date: iso(year, 8, lastMonday(year, 8, 31)), name: 'Summer bank holiday' },
    ...christmasPair(year),
    ...ONE_OFF_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`)),
  ];
  days.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const frozen = Object.freeze(days);
  cache.set(year, frozen);
  return frozen;
}

/** Whether a yyyy-mm-dd date is a bank holiday in England and Wales. */
export function isBankHoliday(date: string): boolean {
  return bankHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);
}
