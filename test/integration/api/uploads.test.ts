import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveRejections } from '../../../src/db/uploads.js';
import { startApiHarness, type ApiHarness } from './harness.js';

const MAX_UPLOAD_BYTES = 4096;
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) });
});
afterAll(async () => h?.close());

/** A multipart/form-data body as a browser sends it. */
function form(
  fields: Array<{ name: string; value: string } | { name: string; filename: string; content: string | Buffer }>,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----estates-test-boundary';
  const chunks: Buffer[] = [];
  for (const f of fields) {
    if ('filename' in f) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
      );
      chunks.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
      chunks.push(Buffer.from('\r\n'));
    } else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"\r\n\r\n${f.value}\r\n`),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const csv = 'Property Reference,Name,Easting,Northing\nNHSPS-U1,Test Clinic,530000,180000\n';

const upload = (body: ReturnType<typeof form>, role: 'officer' | 'housing' = 'officer') =>
  h.app.inject({
    method: 'POST',
    url: '/api/uploads',
    payload: body.payload,
    headers: { ...body.headers, ...h.bearer(role) },
  });

const uploadCount = async (): Promise<number> =>
  Number(
    (
      await h.t.db
        .selectFrom('uploads')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/uploads', () => {
  it('stores the file, queues its ingest at once, and answers 201 with the counts', async () => {
    const res = await upload(
      form([
        { name: 'source', value: 'nhsps' },
        { name: 'file', filename: 'register.csv', content: csv },
      ]),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      uploadId: 1,
      status: 'queued',
      read: 0,
      accepted: 0,
      rejected: 0,
      created: true,
      filename: 'register.csv',
      uploadedBy: 'test-officer',
      source: 'nhsps',
    });
    const row = await h.t.db.selectFrom('uploads').select(['raw']).where('id', '=', 1).executeTakeFirstOrThrow();
    expect(row.raw.toString()).toBe(csv);
    // relayed straight away: delivered in the outbox and waiting in BullMQ under its deterministic id
    const outbox = await h.t.db.selectFrom('outbox').select(['job_id', 'delivered_at']).execute();
    expect(outbox).toEqual([{ job_id: 'upload-1', delivered_at: expect.any(Date) }]);
    expect((await h.queues.ingest.getJobs(['waiting'])).map((j) => j.id)).toEqual(['upload-1']);
  });

  it('treats the same file again as the same upload: 200, created false, nothing new', async () => {
    const res = await upload(
      form([
        { name: 'file', filename: 'renamed.csv', content: csv },
        { name: 'source', value: 'nhsps' },
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ uploadId: 1, created: false, filename: 'register.csv' });
    expect(await uploadCount()).toBe(1);
  });

  it('keys an upload by bytes, source and options: the same file with a new reference property is a new upload', async () => {
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: [] });
    const send = (fields: Array<{ name: string; value: string }>) =>
      upload(
        form([
          { name: 'file', filename: 'outlines.geojson', content: geojson },
          { name: 'source', value: 'boundaries' },
          ...fields,
        ]),
      );
    const before = await uploadCount();
    const plain = await send([]);
    expect(plain.statusCode).toBe(201);
    expect(plain.json()).toMatchObject({ options: {} });
    // site-outlines is the same source by another name: the same file is the same upload
    const asOutlines = await upload(
      form([
        { name: 'file', filename: 'outlines.geojson', content: geojson },
        { name: 'source', value: 'site-outlines' },
      ]),
    );
    expect(asOutlines.statusCode).toBe(200);
    expect(asOutlines.json()).toMatchObject({ uploadId: plain.json().uploadId, source: 'boundaries' });
    const named = await send([{ name: 'referenceProperty', value: 'UPRN_SITE' }]);
    expect(named.statusCode).toBe(201);
    expect(named.json()).toMatchObject({ created: true, options: { referenceProperty: 'UPRN_SITE' } });
    expect(named.json().uploadId).not.toBe(plain.json().uploadId);
    const namedAgain = await send([{ name: 'referenceProperty', value: 'UPRN_SITE' }]);
    expect(namedAgain.statusCode).toBe(200);
    expect(namedAgain.json().uploadId).toBe(named.json().uploadId);
    const badCrs = await send([{ name: 'crs', value: 'EPSG:3857' }]);
    expect(badCrs.statusCode).toBe(400);
    const notBoundaries = await upload(
      form([
        { name: 'file', filename: 'register.csv', content: csv },
        { name: 'source', value: 'nhsps' },
        { name: 'referenceProperty', value: 'X' },
      ]),
    );
    expect(notBoundaries.statusCode).toBe(400);
    expect(notBoundaries.json().message).toBe(
      'the option referenceProperty applies to boundaries uploads only, not nhsps',
    );
    expect(await uploadCount()).toBe(before + 2);
  });

  it('keeps only a safe base name of the file', async () => {
    const res = await upload(
      form([
        { name: 'source', value: 'chp' },
        { name: 'file', filename: 'C:\\Users\\me\\reg\u0007ister.csv', content: `${csv}x\n` },
      ]),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().filename).toBe('register.csv');
  });

  it('refuses a path that climbs directories, a wrong source, a missing file, an empty file and an unknown field, storing nothing', async () => {
    const before = await uploadCount();
    const cases = [
      form([
        { name: 'source', value: 'nhsps' },
        { name: 'file', filename: '../../etc/passwd', content: 'a,b\n1,2\n' },
      ]),
      form([
        { name: 'source', value: "nhsps'; DROP TABLE uploads; --" },
        { name: 'file', filename: 'a.csv', content: 'a,b\n3,4\n' },
      ]),
      form([{ name: 'source', value: 'nhsps' }]),
      form([
        { name: 'source', value: 'nhsps' },
        { name: 'file', filename: 'empty.csv', content: '' },
      ]),
      form([
        { name: 'source', value: 'nhsps' },
        { name: 'uploader', value: 'someone' },
        { name: 'file', filename: 'a.csv', content: 'a,b\n5,6\n' },
      ]),
    ];
    for (const body of cases) {
      const res = await upload(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'bad_input', message: expect.any(String) });
    }
    expect(await uploadCount()).toBe(before);
  });

  it('refuses a file over MAX_UPLOAD_BYTES with 413 and stores nothing', async () => {
    const before = await uploadCount();
    const res = await upload(
      form([
        { name: 'source', value: 'nhsps' },
        { name: 'file', filename: 'big.csv', content: Buffer.alloc(MAX_UPLOAD_BYTES + 1, 65) },
      ]),
    );
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'too_large', message: expect.any(String) });
    expect(await uploadCount()).toBe(before);
  });

  it('refuses a body that is not multipart', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/uploads',
      payload: { source: 'nhsps' },
      headers: h.bearer('officer'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_input');
  });

  it('is for officers: housing is refused before anything is read', async () => {
    const res = await upload(
      form([
        { name: 'source', value: 'nhsps' },
        { name: 'file', filename: 'h.csv', content: 'q\n1\n' },
      ]),
      'housing',
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('reading uploads', () => {
  it('lists uploads newest first and shows live counts from the uploads row', async () => {
    await h.t.db
      .updateTable('uploads')
      .set({
        status: 'ingested',
        rows_read: 3,
        rows_accepted: 1,
        rows_rejected: 2,
        estate_version: null,
        read_as: JSON.stringify({ format: 'csv', encoding: 'windows-1252', separator: '¬' }),
      })
      .where('id', '=', 1)
      .execute();
    const one = await h.app.inject({ url: '/api/uploads/1', headers: h.bearer('officer') });
    expect(one.json()).toMatchObject({
      uploadId: 1,
      status: 'done',
      read: 3,
      accepted: 1,
      rejected: 2,
      readAs: { format: 'csv', encoding: 'windows-1252', separator: '¬' },
    });
    const list = await h.app.inject({ url: '/api/uploads?limit=1', headers: h.bearer('admin') });
    expect(list.json().uploads).toHaveLength(1);
    expect(list.json().uploads[0]).toMatchObject({ source: 'chp', filename: 'register.csv' });
    expect((await h.app.inject({ url: '/api/uploads/999', headers: h.bearer('officer') })).statusCode).toBe(404);
    expect((await h.app.inject({ url: '/api/uploads/abc', headers: h.bearer('officer') })).statusCode).toBe(400);
    expect((await h.app.inject({ url: '/api/uploads?limit=0', headers: h.bearer('officer') })).statusCode).toBe(400);
  });

  it('gives the rejections as JSON and as an Excel-safe CSV report', async () => {
    await saveRejections(
      h.t.db,
      1,
      [
        {
          row: 2,
          raw: { 'Property Reference': 'NHSPS-X', Name: '=cmd|calc' },
          problems: [{ field: 'Easting', code: 'missing', message: 'no easting' }],
        },
        {
          row: 3,
          raw: { 'Property Reference': 'NHSPS-Y', Easting: '-5' },
          problems: [
            { field: 'Easting', code: 'out_of_bounds', message: 'outside GB' },
            { field: 'Northing', code: 'missing', message: 'no northing' },
          ],
        },
      ],
      0,
    );
    const json = await h.app.inject({ url: '/api/uploads/1/rejections', headers: h.bearer('officer') });
    expect(json.json()).toMatchObject({ uploadId: 1, filename: 'register.csv', rejections: [{ row: 2 }, { row: 3 }] });
    const csvRes = await h.app.inject({ url: '/api/uploads/1/rejections?format=csv', headers: h.bearer('officer') });
    // a row with two codes counts under each; a CHP upload's accepted rows are all sites, none trust totals
    const summary = await h.app.inject({ url: '/api/uploads/1', headers: h.bearer('officer') });
    expect(summary.json()).toMatchObject({
      sites: 1,
      trustTotals: null,
      rejectedByCode: { missing: 2, out_of_bounds: 1 },
    });
    expect(csvRes.headers['content-type']).toMatch(/^text\/csv/);
    expect(csvRes.body.split('\r\n')).toEqual([
      // columns in the order jsonb keeps the raw row's keys
      'file,row,field,code,message,Name,Property Reference,Easting',
      "register.csv,2,Easting,missing,no easting,'=cmd|calc,NHSPS-X,",
      'register.csv,3,Easting,out_of_bounds,outside GB,,NHSPS-Y,-5',
      'register.csv,3,Northing,missing,no northing,,NHSPS-Y,-5',
      '',
    ]);
    expect(
      (await h.app.inject({ url: '/api/uploads/1/rejections?format=xml', headers: h.bearer('officer') })).statusCode,
    ).toBe(400);
  });
});
