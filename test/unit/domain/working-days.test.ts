import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  dayNumber,
  fromDayNumber,
  isWorkingDay,
  londonDate,
  workingDaysBetween,
} from '../../../src/domain/working-days.js';

/** Independent day-by-day count to check the week arithmetic against. */
function countByWalking(a: string, b: string): number {
  let n = 0;
  for (let d = dayNumber(a) + 1; d <= dayNumber(b); d++) if (isWorkingDay(fromDayNumber(d))) n++;
  return n;
}

const dateIn = (from: string, to: string) =>
  fc.integer({ min: dayNumber(from), max: dayNumber(to) }).map(fromDayNumber);

describe('working days', () => {
  it('knows weekends and bank holidays', () => {
    expect(isWorkingDay('2024-12-24')).toBe(true);
    expect(isWorkingDay('2024-12-25')).toBe(false);
    expect(isWorkingDay('2024-12-28')).toBe(false); // Saturday
    expect(isWorkingDay('2022-09-19')).toBe(false);
    expect(isWorkingDay('2022-09-20')).toBe(true);
  });

  it('adds across Easter', () => {
    // Mon 25 Mar 2024: 26, 27, 28, (Good Friday, Easter Monday), 2, 3 April.
    expect(addWorkingDays('2024-03-25', 5)).toBe('2024-04-03');
  });

  it('adds across the year end, skipping substitute days', () => {
    // Fri 24 Dec 2021: 27 and 28 are substitutes, 3 Jan 2022 is New Year's substitute.
    expect(addWorkingDays('2021-12-24', 1)).toBe('2021-12-29');
    expect(addWorkingDays('2021-12-24', 4)).toBe('2022-01-04');
    expect(addWorkingDays('2022-12-23', 1)).toBe('2022-12-28');
  });

  it('counts 40 working days of first refusal', () => {
    expect(addWorkingDays('2024-01-08', 40)).toBe('2024-03-04'); // eight clear weeks
    // Fri 20 Dec 2024: 7 working days to 3 Jan, then 33 more.
    expect(addWorkingDays('2024-12-20', 40)).toBe('2025-02-19');
  });

  it('counts working days after a up to and including b, negative backwards', () => {
    // 26H 27H 28 29 30 31Sat 1Sun 2H 3 → 28, 29, 30, 3.
    expect(workingDaysBetween('2022-12-23', '2023-01-03')).toBe(4);
    expect(workingDaysBetween('2023-01-03', '2022-12-23')).toBe(-4);
    expect(workingDaysBetween('2024-05-01', '2024-05-01')).toBe(0);
    expect(workingDaysBetween('2024-05-03', '2024-05-06')).toBe(0); // Friday to early May Monday
    expect(workingDaysBetween('2024-05-03', '2024-05-07')).toBe(1);
  });

  it('adds zero working days as the date itself, and refuses negative or fractional counts', () => {
    expect(addWorkingDays('2024-12-25', 0)).toBe('2024-12-25');
    expect(() => addWorkingDays('2024-12-25', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-12-25', 1.5)).toThrow(RangeError);
  });

  it('refuses dates that do not exist', () => {
    expect(() => dayNumber('2023-02-29')).toThrow(RangeError);
    expect(() => dayNumber('2024-2-1')).toThrow(RangeError);
    expect(dayNumber('2024-02-29')).toBe(19782);
  });

  it('reads an instant as a London date, British Summer Time included', () => {
    expect(londonDate(new Date('2024-06-30T23:30:00Z'))).toBe('2024-07-01');
    expect(londonDate(new Date('2024-01-31T23:30:00Z'))).toBe('2024-01-31');
  });

  it('adding n working days then counting gives n', () => {
    fc.assert(
      fc.property(dateIn('2015-01-01', '2035-12-31'), fc.integer({ min: 0, max: 3000 }), (date, n) => {
        expect(workingDaysBetween(date, addWorkingDays(date, n))).toBe(n);
      }),
    );
  });

  it('counts by week arithmetic exactly as walking day by day', () => {
    fc.assert(
      fc.property(dateIn('2015-01-01', '2035-12-31'), fc.integer({ min: 0, max: 800 }), (a, span) => {
        const b = fromDayNumber(dayNumber(a) + span);
        expect(workingDaysBetween(a, b)).toBe(countByWalking(a, b));
      }),
    );
  });
});
