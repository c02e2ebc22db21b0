import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoroughGrid } from '../../src/db/placement.js';
import { storeUpload } from '../../src/db/uploads.js';
import { readIngestRecords } from '../../src/ingest/index.js';
import { prepareBatch, writeBatch, type IngestOutcome } from '../../workers/ingest-batch.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const HEADER =
  'Property Reference,Property Name,Address,Postcode,Easting,Northing,Tenure,Site Area (ha),GIA (m2),Primary Use';
const register = (...rows: string[]): Uint8Array => new TextEncoder().encode(`${HEADER}\n${rows.join('\n')}\n`);
const HIGHGATE =
  'NHSPS-W1,Highgate Health Centre,"2 Highgate Hill",N19 5NF,529110,186912,Freehold,0.42,1850,Health centre';
const POND = 'NHSPS-W2,Pond Street Clinic,"1 Pond Street",NW3 2QG,527060,185340,Leasehold,0.15,620,GP surgery';
// Oxford: a valid grid reference, well outside London.
const OXFORD = 'NHSPS-W3,Oxford Clinic,"1 High St",OX1 4AA,451300,206200,Freehold,0.2,400,Clinic';

/** Stores the file as an upload and writes all its rows as one batch, as the ingest worker does. */
async function ingestAsOneBatch(bytes: Uint8Array, filename: string) {
  const { upload } = await t.db
    .transaction()
    .execute((trx) => storeUpload(trx, { source: 'nhsps', filename, bytes, uploadedBy: 'test' }));
  const outcomes: IngestOutcome[] = [];
  for await (const outcome of readIngestRecords('nhsps', bytes, { filename, uploadedYear: 2026 }))
    outcomes.push(outcome);
  const boroughs = await loadBoroughGrid(t.db);
  const batch = await prepareBatch(t.db, outcomes, boroughs);
  const result = await t.db
    .transaction()
    .execute((trx) => writeBatch(trx, upload.uploadId, batch, outcomes.length, { rowsCommitted: 0, rowsRejected: 0 }));
  return { uploadId: upload.uploadId, ...result };
}

const site = (ref: string) =>
  t.db
    .selectFrom('sites')
    .select([
      'id',
      'data_version',
      'name',
      'borough_gss',
      'first_upload_id',
      'last_upload_id',
      sql<boolean>`boundary IS NOT NULL`.as('bounded'),
    ])
    .where('source_ref', '=', ref)
    .executeTakeFirstOrThrow();

describe('writing a batch of site rows', () => {
  let first: Awaited<ReturnType<typeof ingestAsOneBatch>>;

  it('places and inserts new sites, attaches a boundary that was waiting, and rejects a site outside London naming row and reason', async () => {
    await sql`INSERT INTO site_boundaries (site_ref, geom, upload_id)
              SELECT 'NHSPS-W1', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(529110, 186912), 27700), 30)), ${(await t.db.transaction().execute((trx) => storeUpload(trx, { source: 'boundaries', filename: 'b.geojson', bytes: new TextEncoder().encode('{}'), uploadedBy: 'test' }))).upload.uploadId}`.execute(
      t.db,
    );
    first = await ingestAsOneBatch(register(HIGHGATE, POND, OXFORD), 'first.csv');
    expect(first).toMatchObject({ read: 3, accepted: 2, rejected: 1, changed: true });
    expect(await site('NHSPS-W1')).toMatchObject({
      data_version: 1,
      borough_gss: 'E09000019',
      bounded: true,
      first_upload_id: first.uploadId,
    });
    expect(await site('NHSPS-W2')).toMatchObject({ data_version: 1, borough_gss: 'E09000007', bounded: false });
    const rejection = await t.db
      .selectFrom('upload_rejections')
      .select(['row_number', 'problems'])
      .where('upload_id', '=', first.uploadId)
      .executeTakeFirstOrThrow();
    expect(rejection.row_number).toBe(4);
    expect(JSON.stringify(rejection.problems)).toMatch(/outside_london/);
    // The current version lives in `sites`; history holds only superseded versions.
    expect(await t.db.selectFrom('site_history').selectAll().execute()).toEqual([]);
  });

  it('changes nothing when the same rows come again in another file', async () => {
    const again = await ingestAsOneBatch(register(POND, HIGHGATE), 'same-rows-reordered.csv');
    expect(again).toMatchObject({ read: 2, accepted: 2, rejected: 0, changed: false });
    expect(await site('NHSPS-W1')).toMatchObject({ data_version: 1, last_upload_id: first.uploadId });
    expect(await t.db.selectFrom('site_history').selectAll().execute()).toEqual([]);
  });

  it('bumps a changed site to the next data version and keeps the version it replaced with the upload that set it', async () => {
    const before = await site('NHSPS-W2');
    const changed = await ingestAsOneBatch(
      register(HIGHGATE, POND.replace('Pond Street Clinic', 'Pond Street Health Centre')),
      'renamed.csv',
    );
    expect(changed).toMatchObject({ read: 2, accepted: 2, changed: true });
    expect(await site('NHSPS-W2')).toMatchObject({
      id: before.id,
      data_version: 2,
      name: 'Pond Street Health Centre',
      first_upload_id: first.uploadId,
      last_upload_id: changed.uploadId,
    });
    expect(await site('NHSPS-W1')).toMatchObject({ data_version: 1 });
    const history = await t.db.selectFrom('site_history').selectAll().execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      site_id: before.id,
      data_version: 1,
      upload_id: first.uploadId,
      record: { name: 'Pond Street Clinic' },
    });
  });

  it('keeps every upload its sites name: deleting or truncating uploads is refused (sites hold no foreign key to them, migration 0370)', async () => {
    await expect(sql`DELETE FROM uploads WHERE id = ${first.uploadId}`.execute(t.db)).rejects.toThrow(
      /uploads are kept with their raw files: DELETE refused/,
    );
    await expect(sql`TRUNCATE uploads CASCADE`.execute(t.db)).rejects.toThrow(/TRUNCATE refused/);
    expect(await site('NHSPS-W1')).toMatchObject({ first_upload_id: first.uploadId });
  });

  it('keeps one site per source and reference: the same reference from another source is another site', async () => {
    await sql`INSERT INTO sites (source, source_ref, placed_by, geom, record, record_sha256, first_upload_id, last_upload_id)
              VALUES ('chp', 'NHSPS-W1', 'coordinates', ST_SetSRID(ST_MakePoint(529110, 186912), 27700), '{}', 'x', ${first.uploadId}, ${first.uploadId})`.execute(
      t.db,
    );
    const same = sql`INSERT INTO sites (source, source_ref, placed_by, geom, record, record_sha256, first_upload_id, last_upload_id)
              VALUES ('chp', 'NHSPS-W1', 'coordinates', ST_SetSRID(ST_MakePoint(529110, 186912), 27700), '{}', 'y', ${first.uploadId}, ${first.uploadId})`;
    await expect(same.execute(t.db)).rejects.toThrow(
      /duplicate key value violates unique constraint "sites_source_ref_source_key"/,
    );
    const both = await t.db
      .selectFrom('sites')
      .select('source')
      .where('source_ref', '=', 'NHSPS-W1')
      .orderBy('source')
      .execute();
    expect(both.map((s) => s.source)).toEqual(['chp', 'nhsps']);
  });
});
