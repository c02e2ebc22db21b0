import { describe, expect, it } from 'vitest';
import { addYears, calendarDay, formatDayMonthYear, randomDayInYears } from '../../../src/demo/calendar.js';
import { seededRandom } from '../../../src/domain/random.js';

describe('demo calendar', () => {
  it('writes dd/mm/yyyy with leading zeros', () => {
    expect(formatDayMonthYear(calendarDay(2021, 2, 3))).toBe('03/02/2021');
    expect(formatDayMonthYear(calendarDay(2016, 12, 31))).toBe('31/12/2016');
  });

  it('adds whole years, rolling 29 February on to 1 March', () => {
    expect(formatDayMonthYear(addYears(calendarDay(2004, 2, 29), 20))).toBe('29/02/2024');
    expect(formatDayMonthYear(addYears(calendarDay(2004, 2, 29), 21))).toBe('01/03/2025');
    expect(formatDayMonthYear(addYears(calendarDay(2010, 7, 15), 25))).toBe('15/07/2035');
  });

  it('draws days from 1 January of the first year to 31 December of the last, both reached', () => {
    const random = seededRandom(3);
    const days = Array.from({ length: 20_000 }, () => randomDayInYears(random, 2020, 2021).getTime());
    expect(Math.min(...days)).toBeGreaterThanOrEqual(calendarDay(2020, 1, 1).getTime());
    expect(Math.max(...days)).toBeLessThanOrEqual(calendarDay(2021, 12, 31).getTime());
    expect(new Set(days).size).toBe(731);
    expect(days.every((d) => d % 86_400_000 === 0)).toBe(true);
  });
});
