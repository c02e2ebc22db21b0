import { describe, expect, it } from 'vitest';
import { FileUnreadable, readUpload } from '../../../src/ingest/index.js';
import { assertZipWithinLimit } from '../../../src/ingest/zip-guard.js';
import { collect, xlsx, zipOf } from './support.js';

describe('zip bomb guard', () => {
  it('refuses an entry whose directory lies about its size, past the limit or not', async () => {
    const bomb = zipOf([
      { name: 'xl/worksheets/sheet1.xml', content: new Uint8Array(5 * 1024 * 1024), declaredBytes: 100 },
    ]);
    expect(bomb.length).toBeLessThan(10_000);
    for (const limit of [4, 6])
      await expect(assertZipWithinLimit(bomb, limit * 1024 * 1024)).rejects.toThrow(
        /inflates to a different size than its zip directory declares/,
      );
    const honest = zipOf([{ name: 'xl/worksheets/sheet1.xml', content: new Uint8Array(5 * 1024 * 1024) }]);
    await expect(assertZipWithinLimit(honest, 4 * 1024 * 1024)).rejects.toThrow(/decompresses to more than 4 MB/);
    await expect(assertZipWithinLimit(honest, 6 * 1024 * 1024)).resolves.toBeUndefined();
  });

  it('refuses a workbook over the upload option, before its rows are read', async () => {
    const bytes = await xlsx([
      ['Property Reference', 'Postcode'],
      ['A', 'E1 1BB'],
    ]);
    const attempt = collect(
      readUpload('nhsps', bytes, { uploadedYear: 2026, filename: 'r.xlsx', maxUnzippedBytes: 1000 }),
    );
    await expect(attempt).rejects.toBeInstanceOf(FileUnreadable);
    expect(await collect(readUpload('nhsps', bytes, { uploadedYear: 2026, filename: 'r.xlsx' }))).toHaveLength(1);
  });

  it('refuses a truncated zip as unreadable', async () => {
    const bytes = await xlsx([['Property Reference'], ['A']]);
    await expect(
      collect(readUpload('nhsps', bytes.subarray(0, 200), { uploadedYear: 2026, filename: 'r.xlsx' })),
    ).rejects.toThrow(/cannot be opened/);
  });
});
