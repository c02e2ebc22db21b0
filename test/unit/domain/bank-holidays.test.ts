import { describe, expect, it } from 'vitest';
import { bankHolidays, easterSunday, isBankHoliday } from '../../../src/domain/bank-holidays.js';

const dates = (year: number): string[] => bankHolidays(year).map((h) => h.date);

describe('bank holidays in England and Wales', () => {
  it('gives the whole of 2024 as published', () => {
    expect(dates(2024)).toEqual([
      '2024-01-01',
      '2024-03-29',
      '2024-04-01',
      '2024-05-06',
      '2024-05-27',
      '2024-08-26',
      '2024-12-25',
      '2024-12-26',
    ]);
  });

  it('moves the early May holiday to Friday 8 May 2020 for VE Day 75', () => {
    expect(isBankHoliday('2020-05-08')).toBe(true);
    expect(isBankHoliday('2020-05-04')).toBe(false);
    expect(dates(2020)).toHaveLength(8);
  });

  it('moves the spring holiday to Thursday 2 June 2022 and adds the Jubilee on 3 June and the State Funeral', () => {
    expect(isBankHoliday('2022-06-02')).toBe(true);
    expect(isBankHoliday('2022-06-03')).toBe(true);
    expect(isBankHoliday('2022-05-30')).toBe(false);
    expect(isBankHoliday('2022-09-19')).toBe(true);
    expect(dates(2022)).toHaveLength(10);
  });

  it('adds the Coronation on 8 May 2023 beside the early May holiday on 1 May', () => {
    expect(isBankHoliday('2023-05-01')).toBe(true);
    expect(isBankHoliday('2023-05-08')).toBe(true);
    expect(dates(2023)).toHaveLength(9);
  });

  it('keeps the older one-offs: Millennium, Golden and Diamond Jubilees, Royal Wedding 2011', () => {
    expect(isBankHoliday('1999-12-31')).toBe(true);
    expect(dates(2002)).toEqual(expect.arrayContaining(['2002-06-03', '2002-06-04']));
    expect(isBankHoliday('2002-05-27')).toBe(false);
    expect(dates(2012)).toEqual(expect.arrayContaining(['2012-06-04', '2012-06-05']));
    expect(isBankHoliday('2011-04-29')).toBe(true);
  });

  it('gives substitute days for Christmas at a weekend', () => {
    // 2021: Christmas Saturday, Boxing Day Sunday → Monday 27 and Tuesday 28.
    expect(dates(2021).slice(-2)).toEqual(['2021-12-27', '2021-12-28']);
    expect(isBankHoliday('2021-12-25')).toBe(false);
    // 2022: Christmas Sunday → Boxing Day Monday 26, Christmas substitute Tuesday 27.
    expect(dates(2022).slice(-2)).toEqual(['2022-12-26', '2022-12-27']);
    // 2020: Christmas Friday, Boxing Day Saturday → Monday 28.
    expect(dates(2020).slice(-2)).toEqual(['2020-12-25', '2020-12-28']);
  });

  it("moves New Year's Day off a weekend", () => {
    expect(dates(2022)[0]).toBe('2022-01-03'); // Saturday
    expect(dates(2023)[0]).toBe('2023-01-02'); // Sunday
    expect(dates(2025)[0]).toBe('2025-01-01'); // Wednesday
  });

  it('finds Easter Monday 2015–2035 (checked by hand against the computus)', () => {
    const easterMondays: Record<number, string> = {
      2015: '2015-04-06',
      2016: '2016-03-28',
      2017: '2017-04-17',
      2018: '2018-04-02',
      2019: '2019-04-22',
      2020: '2020-04-13',
      2021: '2021-04-05',
      2022: '2022-04-18',
      2023: '2023-04-10',
      2024: '2024-04-01',
      2025: '2025-04-21',
      2026: '2026-04-06',
      2027: '2027-03-29',
      2028: '2028-04-17',
      2029: '2029-04-02',
      2030: '2030-04-22',
      2031: '2031-04-14',
      2032: '2032-03-29',
      2033: '2033-04-18',
      2034: '2034-04-10',
      2035: '2035-03-26',
    };
    for (const [year, monday] of Object.entries(easterMondays)) {
      expect(bankHolidays(Number(year)).find((h) => h.name === 'Easter Monday')?.date).toBe(monday);
    }
    expect(easterSunday(2024)).toEqual({ month: 3, day: 31 });
    expect(easterSunday(2038)).toEqual({ month: 4, day: 25 }); // the latest possible date
    expect(easterSunday(2285)).toEqual({ month: 3, day: 22 }); // the earliest possible date
  });

  it('puts every holiday on a weekday, eight a year in ordinary years, 2015–2035', () => {
    for (let year = 2015; year <= 2035; year++) {
      const list = bankHolidays(year);
      for (const h of list) expect([0, 6]).not.toContain(new Date(`${h.date}T00:00:00Z`).getUTCDay());
      if (![2022, 2023].includes(year)) expect(list).toHaveLength(8);
      expect(new Set(list.map((h) => h.date)).size).toBe(list.length);
    }
  });

  it('refuses years before the rules begin', () => {
    expect(() => bankHolidays(1977)).toThrow(RangeError);
    expect(() => bankHolidays(2024.5)).toThrow(RangeError);
  });
});
