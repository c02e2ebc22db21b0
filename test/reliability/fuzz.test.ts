import { request } from 'node:http';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { testAccount } from '../support/accounts.js';
import { runCli } from '../support/cli.js';
import type { TestDatabase } from '../support/database.js';
import {
  demoEstateFile,
  processEnv,
  recordFigures,
  reliabilityDatabase,
  startWorkersProcess,
  stopAllWorkers,
  uploadCounters,
  waitFor,
  type WorkersProcess,
} from './support.js';

let t: TestDatabase;
let server: RunningServer;
let workers: WorkersProcess;
let officerToken: string;
let dir: string;
beforeAll(async () => {
  t = await reliabilityDatabase();
  server = await startServer(t.config, t.db, 0);
  officerToken = (await testAccount(t.db, 'fuzz-officer', 'officer')).token;
  workers = startWorkersProcess(processEnv(t, { LOG_LEVEL: 'warn' }));
  dir = await mkdtemp(path.join(os.tmpdir(), 'estates-fuzz-'));
});
afterAll(async () => {
  await stopAllWorkers();
  await server?.close();
  await t?.drop();
});

const NHSPS_HEADER =
  'Property Reference,Property Name,Address,Postcode,Easting,Northing,Local Authority,Tenure,Site Area (ha),GIA (m2),Primary Use,Occupancy (%),Year Built,Listed Building,Annual Running Cost (GBP)';

const count = async (table: 'sites' | 'site_boundaries' | 'survey_blocks'): Promise<number> =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

interface Outcome {
  uploadId: number;
  status: string;
  error: string | null;
  read: number;
  accepted: number;
  rejected: number;
  codes: string[];
}

/** Stores a file through `estates ingest` and lets the real workers take it to the end. */
async function ingest(
  name: string,
  content: Uint8Array | string,
  source: string,
  extra: string[] = [],
): Promise<Outcome> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  const env = processEnv(t, { LOG_LEVEL: 'warn' });
  const stored = await runCli(['ingest', file, '--source', source, '--json', ...extra], env);
  expect(stored.code, stored.stderr).toBe(0);
  const uploadId = (JSON.parse(stored.stdout) as { uploadId: number }).uploadId;
  const c = await waitFor(
    `upload ${name} to finish`,
    async () => {
      const u = await uploadCounters(t.db, uploadId);
      return u.status === 'ingested' || u.status === 'failed' ? u : null;
    },
    { timeoutMs: 60_000 },
  );
  const rejections = await t.db
    .selectFrom('upload_rejections')
    .select('problems')
    .where('upload_id', '=', uploadId)
    .execute();
  expect(rejections).toHaveLength(c.rejected);
  return {
    uploadId,
    status: c.status,
    error: c.error,
    read: c.read,
    accepted: c.accepted,
    rejected: c.rejected,
    codes: [...new Set(rejections.flatMap((r) => r.problems.map((p) => p.code)))].sort(),
  };
}

/** Ends failed with a clear reason and wrote no row, or read every row and rejected each with a code. */
function expectRefusedCleanly(o: Outcome, failedPattern: RegExp): void {
  if (o.status === 'failed') {
    expect(o.error).toMatch(failedPattern);
    expect(o.rejected).toBe(0);
  } else {
    expect(o.accepted).toBe(0);
    expect(o.rejected).toBe(o.read);
    expect(o.codes.length).toBeGreaterThan(0);
  }
}

/** A one-sheet "workbook" zip whose directory claims 100 bytes while the sheet inflates to `inflatedBytes`. */
async function zipBomb(inflatedBytes: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = createDeflateRaw({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (d: Buffer) => compressed.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  for (let written = 0; written < inflatedBytes; written += chunk.length) {
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const data = Buffer.concat(compressed);
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(100, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(100, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

const feature = (ref: string, ring: number[][]) => ({
  type: 'Feature',
  properties: { site_reference: ref },
  geometry: { type: 'Polygon', coordinates: [ring] },
});
const geojson = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('hostile and broken input through the real workers', () => {
  const outcomes: Record<string, Pick<Outcome, 'status' | 'error' | 'read' | 'rejected' | 'codes'>> = {};
  const keep = (name: string, o: Outcome) =>
    (outcomes[name] = { status: o.status, error: o.error, read: o.read, rejected: o.rejected, codes: o.codes });

  it('malformed CSV quoting: refused with the line, or every row rejected; no site written', async () => {
    const cases = {
      'unclosed-quote.csv': `${NHSPS_HEADER}\nNHSPS-Q1,"Unclosed Clinic,1 High St,,530000,180000,Camden,Freehold,1,100,Clinic,50,1990,No,1\nNHSPS-Q2,Fine,2 High St,,530100,180100,Camden,Freehold,1,100,Clinic,50,1990,No,1\n`,
      'nul-and-cr.csv': `${NHSPS_HEADER}\rNHSPS-Q5,\u0000Name,1 High St,,530000,180000\r\n"a""b,c\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const o = await ingest(name, text, 'nhsps');
      keep(name, o);
      expectRefusedCleanly(o, /quote|CSV|line|column|parse|NUL/i);
    }
    expect(await count('sites')).toBe(0);
  });

  it('a truncated XLSX fails as unreadable', async () => {
    const xlsx = await readFile(await demoEstateFile('chp-lift-register.xlsx'));
    const o = await ingest('truncated.xlsx', xlsx.subarray(0, Math.floor(xlsx.length * 0.6)), 'chp');
    keep('truncated.xlsx', o);
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/cannot be opened|zip|workbook|corrupt|end of central directory/i);
    expect(await count('sites')).toBe(0);
  });

  it('a zip-bomb XLSX (its directory declaring 100 bytes) fails before its rows are read', async () => {
    const bomb = await zipBomb(210 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const o = await ingest('bomb.xlsx', bomb, 'chp');
    keep('bomb.xlsx', o);
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/inflates to a different size than its zip directory declares/);
    expect(await count('sites')).toBe(0);
    // the workers process survived it
    expect(workers.log()).not.toMatch(/heap out of memory/i);
  });

  it('refuses a 200 MB upload by size at the API (streamed over a real socket), storing nothing', async () => {
    const boundary = '----estates-reliability';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nnhsps\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n${NHSPS_HEADER}\n`,
    );
    const row = Buffer.from(
      'NHSPS-BIG,Big Clinic,1 High St,,530000,180000,Camden,Freehold,1,100,Clinic,50,1990,No,1\n'.repeat(700),
    );
    const total = 200 * 1024 * 1024;
    let sent = 0;
    const body = Readable.from(
      (function* () {
        yield head;
        while (sent < total) {
          sent += row.length;
          yield row;
        }
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      })(),
    );
    const started = Date.now();
    const url = new URL('/api/uploads', server.url);
    const status = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            authorization: `Bearer ${officerToken}`,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, body: text }));
          res.on('error', reject);
        },
      );
      // The server may answer and close while the body is still streaming: a write error after that is expected.
      req.on('error', (e) => setTimeout(() => reject(e), 2_000));
      body.pipe(req);
    });
    expect(status.code).toBe(413);
    expect(JSON.parse(status.body)).toMatchObject({ error: 'too_large' });
    expect(await t.db.selectFrom('uploads').select('id').where('filename', '=', 'huge.csv').execute()).toEqual([]);
    outcomes['200MB-upload'] = {
      status: `HTTP ${status.code} after ${Math.round(sent / 1024 / 1024)} MB sent, ${Date.now() - started} ms`,
      error: null,
      read: 0,
      rejected: 0,
      codes: [],
    };
  });

  it('GeoJSON with self-intersecting and unclosed rings: every feature rejected as invalid_geometry, no boundary stored', async () => {
    const bowtie = [
      [530000, 180000],
      [530100, 180100],
      [530100, 180000],
      [530000, 180100],
      [530000, 180000],
    ];
    const unclosed = [
      [530000, 180000],
      [530100, 180000],
      [530100, 180100],
      [530000, 180100],
    ];
    const tooShort = [
      [530000, 180000],
      [530100, 180000],
      [530000, 180000],
    ];
    const o = await ingest(
      'bad-rings.geojson',
      geojson([feature('NHSPS-G1', bowtie), feature('NHSPS-G2', unclosed), feature('NHSPS-G3', tooShort)]),
      'boundaries',
      ['--crs', 'EPSG:27700'],
    );
    keep('bad-rings.geojson', o);
    expect(o).toMatchObject({ status: 'ingested', read: 3, accepted: 0, rejected: 3 });
    expect(o.codes).toEqual(['invalid_geometry']);
    expect(await count('site_boundaries')).toBe(0);
  });

  it('coordinates in the wrong CRS are rejected with a code, never placed', async () => {
    const latLonInEastings = `${NHSPS_HEADER}\nNHSPS-W1,Degrees Clinic,1 High St,,-0.1276,51.5072,Westminster,Freehold,1,100,Clinic,50,1990,No,1\nNHSPS-W2,Swapped Clinic,2 High St,,51.5072,-0.1276,Westminster,Freehold,1,100,Clinic,50,1990,No,1\n`;
    const csv = await ingest('degrees.csv', latLonInEastings, 'nhsps');
    keep('degrees.csv', csv);
    expect(csv).toMatchObject({ status: 'ingested', read: 2, accepted: 0, rejected: 2 });
    const degreesAsMetres = await ingest(
      'degrees-as-bng.geojson',
      geojson([
        feature('NHSPS-W3', [
          [-0.13, 51.5],
          [-0.12, 51.5],
          [-0.12, 51.51],
          [-0.13, 51.5],
        ]),
      ]),
      'boundaries',
      ['--crs', 'EPSG:27700'],
    );
    keep('degrees-as-bng.geojson', degreesAsMetres);
    const metresAsDegrees = await ingest(
      'bng-as-degrees.geojson',
      geojson([
        feature('NHSPS-W4', [
          [530000, 180000],
          [530100, 180000],
          [530100, 180100],
          [530000, 180000],
        ]),
      ]),
      'boundaries',
      ['--crs', 'EPSG:4326'],
    );
    keep('bng-as-degrees.geojson', metresAsDegrees);
    for (const o of [degreesAsMetres, metresAsDegrees])
      expect(o).toMatchObject({ status: 'ingested', read: 1, accepted: 0, rejected: 1 });
    for (const o of [csv, degreesAsMetres, metresAsDegrees])
      expect(
        o.codes.every((c) => /outside|latlon|crs|coordinate|bounds/.test(c)),
        o.codes.join(),
      ).toBe(true);
    expect(await count('sites')).toBe(0);
    expect(await count('site_boundaries')).toBe(0);
  });

  it('lenient CSV quoting is read as text: one site per row, its characters kept', async () => {
    // A quote inside an unquoted field is read as a character (as Excel does), never as SQL or markup.
    // So is a character after a closing quote (csv-parse's relaxed quoting): one site, its text kept.
    const lenient = {
      'quote-mid-field.csv': [
        `NHSPS-Q3,Bad"Quote"Here,1 High St,,530000,180000,Camden,Freehold,1,100,Clinic,50,1990,No,1`,
        { source_ref: 'NHSPS-Q3', name: 'Bad"Quote"Here' },
      ],
      'stray-after-quote.csv': [
        `"NHSPS-Q4"x,Name,1 High St,,530000,180000,Camden,Freehold,1,100,Clinic,50,1990,No,1`,
        { source_ref: expect.stringMatching(/^"?NHSPS-Q4"?x$/), name: 'Name' },
      ],
    } as const;
    for (const [name, [row, site]] of Object.entries(lenient)) {
      const o = await ingest(name, `${NHSPS_HEADER}\n${row}\n`, 'nhsps');
      keep(name, o);
      expect(o).toMatchObject({ status: 'ingested', read: 1, accepted: 1 });
      expect(
        await t.db
          .selectFrom('sites')
          .select(['source_ref', 'name'])
          .where('last_upload_id', '=', o.uploadId)
          .execute(),
      ).toEqual([site]);
    }
  });

  afterAll(async () => {
    await recordFigures('fuzzed-input', outcomes);
  });
});
