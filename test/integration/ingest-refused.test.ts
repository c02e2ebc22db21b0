import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ingestInProcess, registerBytes } from '../support/steps.js';

let t: TestDatabase;
beforeAll(async () => {
  // Batches of two rows, so the refused row's batch is not the last one read.
  t = await createTestDatabase({ INGEST_BATCH_ROWS: '2' });
});
afterAll(async () => {
  await t.drop();
});

describe('a batch PostgreSQL refuses', () => {
  it("fails the upload naming that batch's rows, keeps the batches before it and the raw file, and loses nothing committed", async () => {
    const rows = [
      'NHSPS-N1,Highgate,529110,186912,0.4,1800,60,1972',
      'NHSPS-N2,Pond St,527060,185340,0.2,600,95,1990',
      'NHSPS-N3,Arch\u0000way,529400,187200,0.3,900,30,1965',
      'NHSPS-N4,Kentish Town,528900,185100,0.5,2000,40,1960',
      'NHSPS-N5,Camden,529300,184000,0.1,300,100,2012',
      'NHSPS-N6,Holloway,530500,185900,0.2,700,80,1980',
    ];
    const progress = await ingestInProcess(t, 'nhsps', 'nul-in-row-4.csv', registerBytes(rows));
    const upload = await t.db
      .selectFrom('uploads')
      .select(['status', 'error', 'rows_committed', 'raw'])
      .executeTakeFirstOrThrow();
    expect(upload.status).toBe('failed');
    // File rows 4-5 (header is row 1): the batch holding the NUL, not the batch read after it.
    expect(upload.error).toMatch(/^rows 4-5 of the file could not be stored: .*NUL character/);
    expect(upload.rows_committed).toBe(2);
    expect(progress).toMatchObject({ read: 2, accepted: 2 });
    expect(upload.raw.byteLength).toBeGreaterThan(0);
    const sites = await t.db.selectFrom('sites').select('source_ref').orderBy('source_ref').execute();
    expect(sites.map((s) => s.source_ref)).toEqual(['NHSPS-N1', 'NHSPS-N2']);
  });
});
