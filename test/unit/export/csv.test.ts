import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, CsvFile, formulaSafe, toCsv } from '../../../src/export/csv.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('csvCell', () => {
  it('leaves plain text and numbers bare and writes null as an empty cell', () => {
    expect(csvCell('NHSPS-H001')).toBe('NHSPS-H001');
    expect(csvCell(530450)).toBe('530450');
    expect(csvCell(null)).toBe('');
  });

  it('quotes a cell holding a comma, a quote or a line break, doubling inner quotes', () => {
    expect(csvCell('27 Rowan Grove, Lewisham, London')).toBe('"27 Rowan Grove, Lewisham, London"');
    expect(csvCell('GIA "TBC"')).toBe('"GIA ""TBC"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell("Children's Centre")).toBe("Children's Centre");
  });
});

describe('formula safety', () => {
  it('puts a quote mark before text Excel would run as a formula: = + - @ tab and carriage return', () => {
    for (const text of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx']) expect(formulaSafe(text)).toBe(`'${text}`);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('leaves plain numbers (a negative longitude) and ordinary text alone', () => {
    expect(csvCell('-0.1276')).toBe('-0.1276');
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell('Health Centre - East')).toBe('Health Centre - East');
  });

  it('writes whole tables and streamed files by the same cell rule', () => {
    const file = new CsvFile(['name']);
    file.write(['@cmd']);
    expect(text(file.toBytes())).toBe(toCsv(['name'], [['@cmd']]));
    expect(toCsv(['name'], [['@cmd']])).toBe("name\r\n'@cmd\r\n");
  });
});

describe('CsvFile', () => {
  it('numbers rows as a spreadsheet does (header row 1) and ends lines CRLF', () => {
    const file = new CsvFile(['Site Reference', 'Block']);
    expect(file.write(['NHSPS-H001', 'Block A'])).toBe(2);
    expect(file.write(['NHSPS-H001', 'Block, annexe'])).toBe(3);
    expect(file.rowsWritten).toBe(2);
    expect(text(file.toBytes())).toBe('Site Reference,Block\r\nNHSPS-H001,Block A\r\nNHSPS-H001,"Block, annexe"\r\n');
  });

  it('keeps every row intact across its 64 KiB encoding chunks, including non-ASCII text', () => {
    const file = new CsvFile(['n', 'text']);
    for (let i = 0; i < 20_000; i++) file.write([i, `café, row ${i}`]);
    const rows = parse(text(file.toBytes()), { columns: true }) as Array<{ n: string; text: string }>;
    expect(rows).toHaveLength(20_000);
    expect(rows[12_345]).toEqual({ n: '12345', text: 'café, row 12345' });
    expect(rows.every((r, i) => r.n === String(i))).toBe(true);
  });
});
