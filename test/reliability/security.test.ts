import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../../src/api/access.js';
import { SESSION_COOKIE } from '../../src/api/auth.js';
import { SIGN_IN_LIMITS } from '../../src/api/routes/session.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { seedEstate, startApiHarness, type ApiHarness } from '../integration/api/harness.js';
import { RELIABILITY_REDIS_URL, recordFigures, waitFor } from './support.js';

/**
 * What the integration tests already prove is not repeated here: the role matrix walk
 * (access.test.ts), cookie flags and per-name/per-address sign-in limits over inject
 * (session.test.ts), '../' upload names (uploads.test.ts). This file adds the scans and the
 * attacks that need the whole product: every housing response, every filter, real uploads.
 */
let h: ApiHarness;
let workers: RunningWorkers;
let seeded: Awaited<ReturnType<typeof seedEstate>>;
beforeAll(async () => {
  h = await startApiHarness({ REDIS_URL: RELIABILITY_REDIS_URL });
  seeded = await seedEstate(h.t);
  workers = await startWorkers(h.t.config, h.t.db);
});
afterAll(async () => {
  await workers?.stop();
  await h?.close();
});

// seedEstate's valuations: euv 123456789p, residual and market 987654321p, net receipt 950000000p.
const VALUATION_PENCE = [123456789, 987654321, 950000000];
const valuationNumbers = VALUATION_PENCE.flatMap((p) => [
  String(p),
  String(Math.round(p / 100)),
  (p / 100).toFixed(2),
  String(Math.floor(p / 100)),
]);
const VALUATION_KEYS = /marketvalue|market_value|euv|residual|netreceipt|net_receipt|valuation|gdv|receipt/i;

/** Every GET route housing may call, made concrete, with each output format the route offers. */
function housingUrls(): string[] {
  const urls: string[] = [];
  for (const [key, access] of Object.entries(ACCESS)) {
    const [method, pattern] = key.split(' ') as [string, string];
    if (method !== 'GET' || (access !== 'public' && !(access as readonly string[]).includes('housing'))) continue;
    const url = pattern
      .replace(':collectionId', 'released-land')
      .replace(':collection', 'released-land')
      .replace(':z/:x/:y', '10/511/340')
      .replace(':featureId', String(seeded.released.siteId))
      .replace(':id', pattern.startsWith('/api/cases') ? '1' : String(seeded.released.siteId));
    urls.push(url);
    if (pattern === '/api/land')
      urls.push(`${url}?format=geojson`, `${url}?format=csv`, `${url}?format=json&includeAll=true`);
    if (pattern.startsWith('/api/sites/')) for (const s of Object.values(seeded)) urls.push(`/api/sites/${s.siteId}`);
    if (pattern.startsWith('/api/cases/')) urls.push('/api/cases/2', '/api/cases/3');
    if (pattern.startsWith('/ogc/collections/:collectionId/items'))
      urls.push(
        `${url}${url.includes('?') ? '&' : '?'}f=json`,
        `${url}?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/27700')}`,
      );
  }
  return [...new Set(urls)];
}

describe('housing never sees a valuation', () => {
  it('scans JSON, GeoJSON, CSV and OGC answers of every route housing may call for valuation figures and key names', async () => {
    const urls = housingUrls();
    const leaks: string[] = [];
    let scanned = 0;
    for (const url of urls) {
      const res = await h.app.inject({ url, headers: h.bearer('housing') });
      if (res.statusCode >= 500) leaks.push(`${url}: ${res.statusCode}`);
      if (res.statusCode !== 200) continue;
      scanned += 1;
      const body = res.body;
      for (const n of valuationNumbers) if (body.includes(n)) leaks.push(`${url}: contains ${n}`);
      // The API description is public and names the fields it documents; it carries no figures.
      const keyHit = url === '/api/openapi.json' ? null : VALUATION_KEYS.exec(body);
      if (keyHit) leaks.push(`${url}: mentions "${keyHit[0]}"`);
    }
    expect(leaks).toEqual([]);
    // the same scan finds the figures where the Board may see them, so it can fail
    const board = await h.app.inject({ url: `/api/sites/${seeded.released.siteId}`, headers: h.bearer('board') });
    expect(valuationNumbers.some((n) => board.body.includes(n)) || VALUATION_KEYS.test(board.body)).toBe(true);
    expect(scanned).toBeGreaterThanOrEqual(10);
    await recordFigures('security-housing-scan', { urlsScanned: scanned, leaks: leaks.length });
  });
});

describe('sessions behind TLS and sign-in limits over a real Redis', () => {
  it('the cookie is HttpOnly, SameSite=Strict and Secure behind an https proxy; sign-out clears it with the same flags', async () => {
    const signIn = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { name: 'test-officer', password: h.accounts.officer.password },
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: '10.9.0.1',
    });
    expect(signIn.statusCode).toBe(200);
    const raw = String(signIn.headers['set-cookie']);
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Strict/);
    expect(raw).toMatch(/Secure/);
    const value = signIn.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const out = await h.app.inject({
      method: 'DELETE',
      url: '/api/session',
      cookies: { [SESSION_COOKIE]: value },
      headers: { 'x-forwarded-proto': 'https', origin: h.app.publicUrl() },
    });
    expect(String(out.headers['set-cookie'])).toMatch(/HttpOnly.*|.*Secure/);
    expect(String(out.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('a password-guessing burst from one address is cut off at the limit and the limit holds across app instances sharing Redis', async () => {
    const guesses = SIGN_IN_LIMITS.perAddress.max + 5;
    const statuses: number[] = [];
    for (let i = 0; i < guesses; i++) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { name: `guess-${i}`, password: 'x' },
        remoteAddress: '10.9.9.9',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(SIGN_IN_LIMITS.perAddress.max);
    expect(statuses.slice(SIGN_IN_LIMITS.perAddress.max).every((s) => s === 429)).toBe(true);
    // a second API process (same Redis, same prefix) counts the same attempts
    const { buildApp } = await import('../../src/api/app.js');
    const other = await buildApp({ config: h.t.config, db: h.t.db, redis: h.redis, queues: h.queues });
    const fromOther = await other.inject({
      method: 'POST',
      url: '/api/session',
      payload: { name: 'test-admin', password: h.accounts.admin.password },
      remoteAddress: '10.9.9.9',
    });
    await other.close();
    expect(fromOther.statusCode).toBe(429);
  });
});

const SQL_AND_PATHS = [
  "' OR '1'='1",
  '1; DROP TABLE sites; --',
  "'); DELETE FROM uploads; --",
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '\\x00',
  '$$; SELECT pg_sleep(5); $$',
  "E09000019' UNION SELECT password_hash FROM users --",
  '{"$ne":null}',
  '*',
  '%',
];

describe('SQL metacharacters and path traversal', () => {
  it('in every query parameter of every GET route: answered below 500, no data changed, no hidden rows', async () => {
    const spec = (await h.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
    }>();
    const before = await sql<{
      sites: string;
      users: string;
      uploads: string;
    }>`SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM uploads) AS uploads`.execute(
      h.t.db,
    );
    const failures: string[] = [];
    let requests = 0;
    for (const [pathPattern, methods] of Object.entries(spec.paths)) {
      const get = methods.get;
      if (!get) continue;
      const params = (get.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path');
      for (const p of params) {
        for (const attack of SQL_AND_PATHS) {
          let url = pathPattern.replace(/\{(\w+)\}/g, (_, name: string) =>
            name === p.name
              ? encodeURIComponent(attack)
              : name === 'collectionId'
                ? 'released-land'
                : String(seeded.released.siteId),
          );
          if (p.in === 'query') url += `?${encodeURIComponent(p.name)}=${encodeURIComponent(attack)}`;
          const res = await h.app.inject({ url, headers: h.bearer('admin') });
          requests += 1;
          if (res.statusCode >= 500) failures.push(`${url}: ${res.statusCode}`);
          if (/\$2[aby]\$|scrypt\$|root:x:0:0/.test(res.body)) failures.push(`${url}: leaked ${res.body.slice(0, 80)}`);
          if (res.statusCode === 200 && /\/api\/land|items/.test(url) && attack.includes("'1'='1")) {
            // an injected tautology must not widen a filter beyond the unfiltered answer
            const plain = await h.app.inject({ url: url.split('?')[0]!, headers: h.bearer('admin') });
            if (res.body.length > plain.body.length * 1.01 + 200)
              failures.push(`${url}: answered more than the unfiltered route`);
          }
        }
      }
    }
    const after = await sql<{
      sites: string;
      users: string;
      uploads: string;
    }>`SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM uploads) AS uploads`.execute(
      h.t.db,
    );
    expect(after.rows[0]).toEqual(before.rows[0]);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(50);
    await recordFigures('security-injection', { requests, failures: failures.length });
  });

  it('in upload file names: a name with SQL is kept as plain text, traversal in any spelling is refused or reduced to its base name', async () => {
    const upload = (filename: string, body: string) => {
      const boundary = '----sec';
      const payload = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nnhsps\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${body}\r\n--${boundary}--\r\n`,
      );
      return h.app.inject({
        method: 'POST',
        url: '/api/uploads',
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...h.bearer('officer') },
      });
    };
    const sqlName = await upload("x'); DROP TABLE uploads; --.csv", 'Property Reference,Name\nA,B\n');
    expect(sqlName.statusCode).toBe(201);
    expect(sqlName.json().filename).toBe("x'); DROP TABLE uploads; --.csv");
    for (const name of ['..\\..\\windows\\win.ini', '../x.csv', 'a/../../b.csv', ' .. /etc/passwd']) {
      const res = await upload(name, `Property Reference,Name\n${name},B\n`);
      expect(res.statusCode, name).toBe(400);
    }
    const absolute = await upload('/etc/passwd', 'Property Reference,Name\nC,D\n');
    expect(absolute.statusCode).toBe(201);
    expect(absolute.json().filename).toBe('passwd');
    const stored = await h.t.db.selectFrom('uploads').select('filename').execute();
    expect(stored.every((s) => !s.filename.includes('/') && !s.filename.includes('\\'))).toBe(true);
  });
});

describe('formula injection in the CSVs officers and housing open in Excel', () => {
  it('names starting with =, +, -, @ come out inert in the rejection report and the land CSV', async () => {
    const header =
      'Property Reference,Property Name,Address,Postcode,Easting,Northing,Local Authority,Tenure,Site Area (ha),GIA (m2),Primary Use,Occupancy (%),Year Built,Listed Building,Annual Running Cost (GBP)';
    const evil = [
      '=HYPERLINK("http://evil.example","x")',
      "+cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0",
      '\t=1+1',
      '\r=1+1',
    ];
    const good = evil.map(
      (name, i) =>
        `NHSPS-F${i},"${name.replace(/"/g, '""')}","1 High St",,${530000 + i * 50},182000,Islington,Freehold,0.5,500,Clinic,50,1990,No,1000`,
    );
    const bad = evil.map(
      (name, i) =>
        `NHSPS-FB${i},"${name.replace(/"/g, '""')}","=2+2",,,,Islington,Freehold,0.5,500,Clinic,50,1990,No,1000`,
    );
    const boundary = '----formula';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nnhsps\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="=formula.csv"\r\nContent-Type: text/csv\r\n\r\n${[header, ...good, ...bad].join('\n')}\n\r\n--${boundary}--\r\n`,
    );
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/uploads',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...h.bearer('officer') },
    });
    expect(res.statusCode).toBe(201);
    const uploadId = res.json<{ uploadId: number }>().uploadId;
    const summary = await waitFor(
      'the formula register ingested',
      async () => {
        const u = await h.t.db
          .selectFrom('uploads')
          .select(['status', 'rows_accepted', 'rows_rejected'])
          .where('id', '=', uploadId)
          .executeTakeFirstOrThrow();
        return u.status === 'ingested' || u.status === 'failed' ? u : null;
      },
      { timeoutMs: 60_000 },
    );
    expect(summary).toMatchObject({ status: 'ingested', rows_accepted: evil.length, rows_rejected: evil.length });

    // A cell Excel would evaluate: it starts with = + - @ (or a tab/CR before one) and is not a plain number.
    const dangerous = (cell: string): boolean => {
      const text = cell.replace(/^"/, '').replace(/"$/, '');
      return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text);
    };
    const cellsOf = (csv: string): string[] =>
      csv.split(/\r?\n/).flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));

    const rejections = await h.app.inject({
      url: `/api/uploads/${uploadId}/rejections?format=csv`,
      headers: h.bearer('officer'),
    });
    expect(rejections.statusCode).toBe(200);
    const rejectionCells = cellsOf(rejections.body).filter((c) => c !== '');
    expect(rejectionCells.filter(dangerous)).toEqual([]);
    for (const name of ['HYPERLINK', 'cmd|', '@SUM']) expect(rejections.body).toContain(name);

    // Released land lists sites whose disposal completed: close a case on each uploaded site.
    const sites = await h.t.db.selectFrom('sites').select('id').where('source_ref', 'like', 'NHSPS-F%').execute();
    expect(sites).toHaveLength(evil.length);
    for (const s of sites)
      await sql`INSERT INTO cases (site_id, stage, closed_at) VALUES (${s.id}, 'completed', now())`.execute(h.t.db);
    const land = await h.app.inject({ url: '/api/land?format=csv', headers: h.bearer('housing') });
    expect(land.statusCode).toBe(200);
    for (const name of ['HYPERLINK', 'cmd|', '@SUM']) expect(land.body).toContain(name);
    expect(
      cellsOf(land.body)
        .filter((c) => c !== '')
        .filter(dangerous),
    ).toEqual([]);
    const cli = await h.app.inject({
      url: `/api/uploads/${uploadId}/rejections?format=csv`,
      headers: h.bearer('admin'),
    });
    expect(cli.body).toBe(rejections.body);
  });
});

describe('the audit trail', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of case events to the application role', async () => {
    const role = await sql<{
      current_user: string;
      super: boolean;
    }>`SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super`.execute(h.t.db);
    expect(role.rows[0]!.super).toBe(false);
    const caseId = (await sql<{ id: number }>`SELECT id FROM cases ORDER BY id LIMIT 1`.execute(h.t.db)).rows[0]!.id;
    await sql`INSERT INTO case_events (case_id, sequence, kind, actor, role, occurred_at, hash) VALUES (${caseId}, 9999, 'note', 'tester', 'officer', now(), 'h')`.execute(
      h.t.db,
    );
    const attempts = {
      update: sql`UPDATE case_events SET reason = 'rewritten' WHERE case_id = ${caseId}`,
      delete: sql`DELETE FROM case_events WHERE case_id = ${caseId}`,
      truncate: sql`TRUNCATE case_events CASCADE`,
    };
    for (const [what, statement] of Object.entries(attempts)) {
      await expect(statement.execute(h.t.db), what).rejects.toThrow(/append-only/);
    }
    const left = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM case_events WHERE case_id = ${caseId} AND sequence = 9999 AND reason IS NULL`.execute(
      h.t.db,
    );
    expect(Number(left.rows[0]!.n)).toBe(1);
  });
});
