import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FileUnreadable, readUpload } from '../../../src/ingest/index.js';
import { assertZipWithinLimit } from '../../../src/ingest/zip-guard.js';
import { collect, xlsx } from './support.js';

/** A one-entry zip whose directory claims `declaredBytes`, whatever the entry really inflates to. */
function zipOf(name: string, content: Uint8Array, declaredBytes: number): Uint8Array {
  const data = deflateRawSync(content);
  const nameBytes = new TextEncoder().encode(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declaredBytes, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declaredBytes, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const centralAt = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

describe('zip bomb guard', () => {
  it('refuses an entry that inflates past the limit even when its directory lies about the size', async () => {
    const bomb = zipOf('xl/worksheets/sheet1.xml', new Uint8Array(5 * 1024 * 1024), 100);
    expect(bomb.length).toBeLessThan(10_000);
    await expect(assertZipWithinLimit(bomb, 4 * 1024 * 1024)).rejects.toThrow(/decompresses to more than 4 MB/);
    await expect(assertZipWithinLimit(bomb, 6 * 1024 * 1024)).resolves.toBeUndefined();
  });

  it('refuses a workbook over the upload option, before exceljs sees it', async () => {
    const bytes = await xlsx([['Property Reference', 'Postcode'], ['A', 'E1 1BB']]);
    const attempt = collect(readUpload('nhsps', bytes, { filename: 'r.xlsx', maxUnzippedBytes: 1000 }));
    await expect(attempt).rejects.toBeInstanceOf(FileUnreadable);
    expect(await collect(readUpload('nhsps', bytes, { filename: 'r.xlsx' }))).toHaveLength(1);
  });

  it('refuses a truncated zip as unreadable', async () => {
    const bytes = await xlsx([['Property Reference'], ['A']]);
    await expect(collect(readUpload('nhsps', bytes.subarray(0, 200), { filename: 'r.xlsx' }))).rejects.toThrow(/cannot be opened/);
  });
});
