import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../../src/ingest/csv-records.js';
import { FileUnreadable } from '../../../src/ingest/index.js';

/** csv-parse, the well-kept parser the register reader used before, as the reference. */
function csvParse(text: string, delimiter: string): string[][] | 'refused' {
  try {
    return parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch {
    return 'refused';
  }
}

function ours(slices: string[], delimiter: string): string[][] | 'refused' {
  try {
    return [...csvRecords(slices, delimiter)];
  } catch (e) {
    if (e instanceof FileUnreadable) return 'refused';
    throw e;
  }
}

/** The text cut at the given places, as it arrives in slices. */
function cut(text: string, at: number[]): string[] {
  const places = [...new Set(at.map((a) => a % (text.length + 1)))].sort((a, b) => a - b);
  const slices: string[] = [];
  let from = 0;
  for (const place of places) {
    slices.push(text.slice(from, place));
    from = place;
  }
  slices.push(text.slice(from));
  return slices;
}

const awkward = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '"', '\r', '\n', '\r\n', 'é'),
  maxLength: 60,
});

describe('csvRecords reads CSV as csv-parse does', () => {
  it.each([',', ';', '\t'])(
    'on random text of quotes, delimiters and line endings, however it is sliced (delimiter %j)',
    (delimiter) => {
      fc.assert(
        fc.property(
          awkward.map((t) => (delimiter === '\t' ? t.replaceAll(';', '\t') : t)),
          fc.array(fc.nat(), { maxLength: 6 }),
          (text, at) => {
            expect(ours(cut(text, at), delimiter)).toEqual(csvParse(text, delimiter));
          },
        ),
        { numRuns: 5_000 },
      );
    },
  );

  it('on the cases that decide its rules', () => {
    for (const text of [
      '',
      '\n',
      'a,b\n\n\n',
      'a\nb\r\nc',
      'a\r\r\nb',
      '"a,b"x,c',
      '"a""b"x,c',
      '""""x',
      '"a"\r',
      'x,"y"\r\nz',
      '"a\nb",c',
      '"abc',
      '"a""',
    ]) {
      expect([text, ours([text], ',')]).toEqual([text, csvParse(text, ',')]);
    }
  });

  it('reads a record far longer than the slices it arrives in', () => {
    const long = 'x,\n"'.repeat(200_000);
    const text = `a,b\n"${long.replaceAll('"', '""')}",c\nd\n`;
    const slices = cut(
      text,
      Array.from({ length: text.length / 1024 }, (_, i) => i * 1024),
    );
    expect([...csvRecords(slices, ',')]).toEqual([['a', 'b'], [long, 'c'], ['d']]);
  });

  it('names the record whose quote is never closed', () => {
    expect(() => [...csvRecords(['a,b\n"c,d\n'], ',')]).toThrow(/quoted field opened in record 2 is never closed/);
  });
});
