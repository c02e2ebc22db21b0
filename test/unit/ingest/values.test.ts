import { describe, expect, it } from 'vitest';
import { headerKey } from '../../../src/ingest/headers.js';
import { detectEncoding } from '../../../src/ingest/text.js';
import { parseDate, parseGrade, parseNumber, parsePence, rangeProblem } from '../../../src/ingest/values.js';

const value = <T>(p: { ok: true; value: T } | { ok: false; code: string }): T | string => (p.ok ? p.value : p.code);

describe('cell values', () => {
  it('reads numbers with £, thousands separators and percent signs, and refuses decimal commas', () => {
    expect(value(parseNumber('£1,234,567.89'))).toBe(1_234_567.89);
    expect(value(parseNumber(' -12 '))).toBe(-12);
    expect(value(parseNumber('-£5'))).toBe(-5);
    expect(value(parseNumber('45%', { percent: true }))).toBe(45);
    expect(value(parseNumber('45%'))).toBe('not_a_number');
    expect(value(parseNumber('12,5'))).toBe('not_a_number');
    expect(value(parseNumber('1,23,456'))).toBe('not_a_number');
    expect(value(parseNumber('Not Applicable'))).toBeNull();
    expect(value(parseNumber('n/a'))).toBeNull();
    expect(value(parseNumber('1e400'))).toBe('not_a_number');
  });

  it('rounds pounds to pence once, and refuses negative money', () => {
    expect(value(parsePence('0.005'))).toBe(1);
    expect(value(parsePence('0.004'))).toBe(0);
    expect(value(parsePence('£1,234.56'))).toBe(123_456);
    expect(value(parsePence('-0.01'))).toBe('out_of_range');
    expect(value(parsePence('1e20'))).toBe('out_of_range');
  });

  it('checks ranges at and either side of their bounds', () => {
    const area = { min: 0, max: 1000, minExclusive: true, maxExclusive: true };
    expect(rangeProblem(0, area)).toMatch(/more than 0 and less than 1000/);
    expect(rangeProblem(0.001, area)).toBeNull();
    expect(rangeProblem(999.999, area)).toBeNull();
    expect(rangeProblem(1000, area)).not.toBeNull();
    expect(rangeProblem(100, { min: 0, max: 100 })).toBeNull();
    expect(rangeProblem(100.01, { min: 0, max: 100 })).toMatch(/at most 100/);
  });

  it('reads UK and ISO dates, never month first, and Excel serials only when allowed', () => {
    expect(value(parseDate('15/09/2006'))).toBe('2006-09-15');
    expect(value(parseDate('5.9.2006'))).toBe('2006-09-05');
    expect(value(parseDate('2006-09-15T00:00:00Z'))).toBe('2006-09-15');
    expect(value(parseDate('15/09/2006 10:30'))).toBe('2006-09-15');
    expect(value(parseDate('29/02/2016'))).toBe('2016-02-29');
    expect(value(parseDate('29/02/2017'))).toBe('bad_date');
    expect(value(parseDate('09/15/2006'))).toBe('bad_date');
    expect(value(parseDate('15/09/06'))).toBe('bad_date');
    expect(value(parseDate('38975'))).toBe('bad_date');
    expect(value(parseDate('38975', { excelSerial: true }))).toBe('2006-09-15');
    expect(value(parseDate('61', { excelSerial: true }))).toBe('1900-03-01');
    expect(value(parseDate('0', { excelSerial: true }))).toBe('bad_date');
    expect(value(parseDate('20120401', { form: 'compact' }))).toBe('2012-04-01');
    expect(value(parseDate('20121301', { form: 'compact' }))).toBe('bad_date');
  });

  it('reads grades, X only where allowed', () => {
    expect(value(parseGrade(' b (c) '))).toEqual({ grade: 'B(C)', replaceOnly: false });
    expect(value(parseGrade('x', { allowX: true }))).toEqual({ grade: 'D', replaceOnly: true });
    expect(value(parseGrade('X'))).toBe('bad_grade');
    expect(value(parseGrade('E'))).toBe('bad_grade');
    expect(value(parseGrade(''))).toBeNull();
  });

  it('matches headers ignoring case, spacing, punctuation and bracketed units', () => {
    expect(headerKey('Gross internal floor area (m²)')).toBe('grossinternalfloorarea');
    expect(headerKey('  GIA [sqm] ')).toBe('gia');
    expect(headerKey('Floor area - under used (%)')).toBe('floorareaunderused');
    expect(headerKey('GIA m²')).toBe('giam2');
  });

  it('tells UTF-8 from Windows-1252', () => {
    expect(detectEncoding(new Uint8Array([0xc2, 0xa3, 0x31]))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array([0xa3, 0x31]))).toBe('windows-1252');
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('utf-8');
  });
});
