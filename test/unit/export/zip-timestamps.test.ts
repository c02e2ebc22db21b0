import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dosDateTime, stampZipEntries } from '../../../src/export/zip-timestamps.js';
import { zipStamps as stamps } from '../demo/support.js';

describe('dosDateTime', () => {
  it('packs a UTC instant as DOS date and time (worked by hand)', () => {
    // (2020 − 1980) << 9 | 1 << 5 | 1 = 20480 + 32 + 1
    expect(dosDateTime(new Date(Date.UTC(2020, 0, 1)))).toEqual({ date: 20513, time: 0 });
    // (41 << 9 | 6 << 5 | 15, 13 << 11 | 45 << 5 | 31 >> 1) = (21199, 28079)
    expect(dosDateTime(new Date(Date.UTC(2021, 5, 15, 13, 45, 31)))).toEqual({ date: 21199, time: 28079 });
  });

  it('refuses years a zip cannot hold', () => {
    expect(() => dosDateTime(new Date(Date.UTC(1979, 11, 31)))).toThrow(RangeError);
    expect(() => dosDateTime(new Date(Date.UTC(2108, 0, 1)))).toThrow(RangeError);
    expect(dosDateTime(new Date(Date.UTC(1980, 0, 1)))).toEqual({ date: 33, time: 0 });
  });
});

describe('stampZipEntries', () => {
  it('sets every local and central stamp of a real exceljs workbook and leaves it readable', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('LIFT buildings').addRow(['Building ID', 'CHP-B001']);
    const zip = new Uint8Array(await workbook.xlsx.writeBuffer());
    const entries = stamps(zip).length;
    expect(entries).toBeGreaterThanOrEqual(10);
    const fixed = new Date(Date.UTC(2021, 5, 15, 13, 45, 31));
    stampZipEntries(zip, fixed);
    expect(stamps(zip)).toEqual(Array.from({ length: entries }, () => ({ date: 21199, time: 28079 })));
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(Buffer.from(zip) as unknown as ExcelJS.Buffer);
    expect(reread.getWorksheet('LIFT buildings')?.getRow(1).getCell(2).value).toBe('CHP-B001');
  });

  it('refuses bytes that are not a zip', () => {
    expect(() =>
      stampZipEntries(
        new TextEncoder().encode('Building ID,Building Name\r\n'.repeat(3)),
        new Date(Date.UTC(2020, 0, 1)),
      ),
    ).toThrow(/no zip directory at its end/);
  });
});
