import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimUploadForIngest } from '../../src/db/uploads.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { storeTestUpload } from '../support/steps.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('an upload read back for ingest', () => {
  it('is byte for byte the file stored, read in slices: a file of several slices, one ending on a slice boundary, one byte, and bytes that do not compress', async () => {
    const slice = 4 * 1024 * 1024;
    const text = (bytes: number): Uint8Array =>
      new TextEncoder().encode('Property Reference,Property Name\n'.padEnd(bytes, 'NHSPS-1,Clinic\n'));
    const files = [text(2 * slice + 12_345), text(slice), new Uint8Array([0x41]), randomBytes(slice + 7)];
    for (const [i, bytes] of files.entries()) {
      const uploadId = await storeTestUpload(t, 'nhsps', `raw-${i}.csv`, bytes);
      const claimed = await t.db.transaction().execute((trx) => claimUploadForIngest(trx, uploadId));
      expect(claimed?.raw.length, `file ${i}`).toBe(bytes.length);
      expect(sha256(claimed!.raw), `file ${i}`).toBe(sha256(bytes));
    }
  });
});
