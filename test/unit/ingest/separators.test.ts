import { describe, expect, it } from 'vitest';
import { FileUnreadable, readUpload, type FileReading } from '../../../src/ingest/index.js';
import { openTable, separatorOf } from '../../../src/ingest/table-reader.js';
import { collect, example, fixture, utf8 } from './support.js';

const LIMITS = { maxUnzippedBytes: 1 << 20 };

async function tableOf(bytes: Uint8Array) {
  const table = await openTable(bytes, LIMITS);
  const rows = [];
  for await (const row of table.rows) rows.push(row);
  return { reading: table.reading, rows };
}

/** The documented example register, its commas swapped for `separator` (quoted commas stay). */
function exampleWith(separator: string): Uint8Array {
  const text = example('nhsps.csv').toString('utf8');
  return utf8(text.replace(/("[^"]*")|,/g, (_match: string, quoted: string | undefined) => quoted ?? separator));
}

describe('separator detection', () => {
  it('reads the NHS website hospital list as published: ¬-separated, Latin-1, CRLF', async () => {
    const { reading, rows } = await tableOf(fixture('nhs-website-hospitals.csv'));
    expect(reading).toEqual({ format: 'csv', encoding: 'windows-1252', separator: '¬' });
    expect(rows).toHaveLength(4);
    expect(rows[0]?.cells).toHaveLength(22);
    expect(rows[0]?.cells.slice(0, 3)).toEqual(['OrganisationID', 'OrganisationCode', 'OrganisationType']);
    expect(rows[2]?.cells[1]).toBe('RJ121');
    expect(rows[2]?.cells[7]).toBe("Guy's Hospital");
    expect(rows[2]?.cells[13]).toBe('SE1 9RT');
    expect(rows.every((r) => r.cells.length === 22)).toBe(true);
  });

  it('refuses the hospital list as a register naming its real columns, not one 400-character column', async () => {
    const refusal = await collect(
      readUpload('nhsps', fixture('nhs-website-hospitals.csv'), { uploadedYear: 2026, filename: 'Hospital.csv' }),
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FileUnreadable);
    expect((refusal as Error).message).toMatch(
      /^the header row has no "Property Reference" column \(required\); columns found: "OrganisationID", "OrganisationCode", "OrganisationType",/,
    );
  });

  it.each([
    [',', 'commas'],
    [';', 'semicolons'],
    ['\t', 'tabs'],
    ['|', 'pipes'],
    ['¬', 'not signs'],
  ])(
    'reads the same register separated by %j (%s) to the same records, and reports the separator',
    async (separator) => {
      const readings: FileReading[] = [];
      const outcomes = await collect(
        readUpload('nhsps', exampleWith(separator), {
          uploadedYear: 2026,
          filename: 'register.txt',
          onRead: (r) => readings.push(r),
        }),
      );
      const commas = await collect(
        readUpload('nhsps', example('nhsps.csv'), { uploadedYear: 2026, filename: 'nhsps.csv' }),
      );
      expect(readings).toEqual([{ format: 'csv', encoding: 'utf-8', separator }]);
      expect(outcomes).toHaveLength(3);
      expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted']);
      expect(outcomes.map((o) => (o.kind === 'accepted' ? o.record : null))).toEqual(
        commas.map((o) => (o.kind === 'accepted' ? o.record : null)),
      );
    },
  );

  it('takes the separator the header uses most, outside quotes', () => {
    expect(separatorOf('"Name, full";"Postcode, if any";Easting')).toBe(';');
    expect(separatorOf('a|b|c,d')).toBe('|');
  });

  it('refuses a line with none of the five separators, saying so and showing the line', async () => {
    const refusal = await collect(
      readUpload('nhsps', utf8('Property Reference:Postcode:Easting\nP1:N19 5NF:529110\n'), {
        uploadedYear: 2026,
        filename: 'x.csv',
      }),
    ).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FileUnreadable);
    expect((refusal as Error).message).toBe(
      'the separator was not recognised: the first line has none of , ; tab | ¬ between its columns. The first line is: "Property Reference:Postcode:Easting"',
    );
  });
});
