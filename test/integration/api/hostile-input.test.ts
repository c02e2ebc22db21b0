import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain/roles.js';
import { seedEstate, startApiHarness, type ApiHarness } from './harness.js';

/**
 * Every route the app registered (walked from Fastify's onRoute record, not a list kept here),
 * probed with the values a security review sent: non-finite and out-of-range numbers, NUL bytes,
 * impossible dates, ids past int4, bad JSON, wrong media types, oversized bodies. Nothing may
 * answer 5xx, and every refusal must be in the documented error shape.
 */
let h: ApiHarness;
let siteId: number;
beforeAll(async () => {
  h = await startApiHarness();
  siteId = (await seedEstate(h.t)).released.siteId;
});
afterAll(async () => h?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Probe {
  method: Method;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}
interface OpenApiParameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: { type?: string; format?: string; pattern?: string; anyOf?: unknown[] };
}

/** A value each required parameter accepts, so a probe of one parameter is not refused for another. */
const VALID: Record<string, string> = {
  date: '2026-03-02',
  asOf: '2025-01-01',
  collectionId: 'released-land',
};
const NUMBERS = ['Infinity', '-Infinity', '1e309', 'NaN', '-1', '1.5', '0x10', '1e3', '', '99999999999999999999'];
const NUL = ['%00', 'a%00b', '1%00'];
const DATES = ['2026-02-30', '2025-13-01', '2026-2-1'];
const STRINGS = ['x'.repeat(5000), '%FF%FE', "'; SELECT 1; --", '..%2F..%2Fetc%2Fpasswd'];

const allowedRole = (access: readonly Role[] | 'public'): Role => (access === 'public' ? 'admin' : access[0]!);

let openapi: { paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>> };
const parametersOf = (method: string, url: string): OpenApiParameter[] => {
  const path = url.replace(/:([A-Za-z][A-Za-z0-9]*)/g, '{$1}');
  return openapi.paths[path]?.[method.toLowerCase()]?.parameters ?? [];
};
const isNumeric = (p: OpenApiParameter): boolean =>
  ['integer', 'number'].includes(p.schema.type ?? '') || p.schema.pattern === '^[0-9]+$';
const isDay = (p: OpenApiParameter): boolean => p.schema.format === 'date' || /date|asOf|On$|Until$/.test(p.name);

/**
 * The route's URL with each path parameter filled (one replaced by `value`) and its required query.
 * Reads name a seeded site; writes name an id nothing has, so a probe can never disable an
 * account, revoke a token or move a case the other probes rely on.
 */
function urlFor(
  url: string,
  params: OpenApiParameter[],
  probed?: { name: string; value: string },
  write = false,
): string {
  const path = url
    .replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_m, name: string) =>
      probed?.name === name ? probed.value : (VALID[name] ?? String(write ? 424_242 : siteId)),
    )
    .replace('*', probed?.name === '*' ? probed.value : 'index.html');
  const query = params
    .filter((p) => p.in === 'query' && (p.required || p.name === probed?.name))
    .map((p) => `${p.name}=${p.name === probed?.name ? probed.value : (VALID[p.name] ?? '1')}`);
  return query.length > 0 ? `${path}?${query.join('&')}` : path;
}

async function send(probe: Probe, role: Role) {
  const res = await h.app.inject({
    method: probe.method,
    url: probe.url,
    payload: probe.payload,
    headers: { ...h.bearer(role), ...probe.headers },
  });
  let body: unknown;
  try {
    body = res.json();
  } catch {
    body = res.body.slice(0, 80);
  }
  return { status: res.statusCode, body };
}

const inErrorShape = (body: unknown): boolean =>
  typeof body === 'object' &&
  body !== null &&
  /^[a-z_]+$/.test(String((body as { error?: unknown }).error)) &&
  typeof (body as { message?: unknown }).message === 'string';

describe('hostile parameters on every route', () => {
  beforeAll(async () => {
    openapi = (await h.app.inject({ url: '/api/openapi.json' })).json();
  });

  it('walks routes the app registered, and finds their parameters in the API description', () => {
    const routes = h.app.registeredRoutes.filter((r) => r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(30);
    const withQuery = routes.filter((r) => parametersOf(r.method, r.url).some((p) => p.in === 'query'));
    expect(withQuery.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/ranked', '/api/land', '/api/forecast']));
  });

  it('no query or path parameter of any route answers 5xx; numbers, NULs, dates and ids are refused as documented', async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const route of h.app.registeredRoutes.filter((r) => r.method !== 'HEAD')) {
      const method = route.method as Method;
      const role = allowedRole(route.access);
      const params = parametersOf(method, route.url);
      const pathNames = [...route.url.matchAll(/:([A-Za-z][A-Za-z0-9]*)|\*/g)].map((m) => m[1] ?? '*');
      const probed = [
        ...params,
        ...pathNames.filter((n) => !params.some((p) => p.name === n)).map((name) => ({ name, in: 'path', schema: {} })),
      ] as OpenApiParameter[];
      for (const p of probed) {
        const values = [...NUMBERS, ...NUL, ...DATES, ...STRINGS];
        for (const value of values) {
          const probe: Probe = {
            method,
            url: urlFor(route.url, params, { name: p.name, value }, method !== 'GET'),
            ...(method === 'POST' || method === 'PATCH'
              ? { payload: '{}', headers: { 'content-type': 'application/json' } }
              : {}),
          };
          const res = await send(probe, role);
          probes += 1;
          const where = `${method} ${probe.url.slice(0, 120)} (${p.in} ${p.name}=${value.slice(0, 20)})`;
          if (res.status >= 500) failures.push(`${where}: ${res.status} ${JSON.stringify(res.body)}`);
          else if (res.status >= 400 && !inErrorShape(res.body) && !route.url.includes('*'))
            failures.push(`${where}: ${res.status} not in the error shape: ${JSON.stringify(res.body)}`);
          const expected = expectedStatus(p, value, route.url);
          if (expected && res.status !== expected) failures.push(`${where}: ${res.status}, expected ${expected}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(500);
  });
});

/** What a probe must be answered with, where the issue says so; null where any 4xx will do. */
function expectedStatus(p: OpenApiParameter, value: string, url: string): number | null {
  if (url.includes('*')) return null; // static files: any refusal
  if (NUL.includes(value)) return 400;
  // Record ids (id, tokenId, featureId), not tile coordinates, whose range is a 400.
  const idPath = p.in === 'path' && (p.name === 'featureId' || (isNumeric(p) && /^id$|Id$/.test(p.name)));
  if (idPath && /^[0-9]+$/.test(value)) return 404; // a whole number past int4 names nothing
  // 1.5 is a fine decimal (minScore, minHa); anything else in NUMBERS is no number a person writes, or out of range.
  if (isNumeric(p) && NUMBERS.includes(value) && !(value === '1.5' && p.schema.type === 'number')) return 400;
  if (isDay(p) && DATES.includes(value)) return 400;
  return null;
}

describe('hostile bodies on every write route', () => {
  const writes = () => h.app.registeredRoutes.filter((r) => ['POST', 'PATCH', 'DELETE'].includes(r.method));
  const BODIES: Array<{
    what: string;
    headers: Record<string, string>;
    payload: string | Buffer;
    status: number | null;
  }> = [
    { what: 'bad JSON', headers: { 'content-type': 'application/json' }, payload: '{"name": ', status: 400 },
    {
      what: 'JSON with a NUL in a string',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"a\\u0000b","reason":"\\u0000","site":"\\u0000","to":"x"}',
      status: 400,
    },
    {
      what: 'JSON with 1e309 and a number past int8',
      headers: { 'content-type': 'application/json' },
      payload: '{"site":1e309,"caseId":99999999999999999999,"version":1e309,"reason":"r"}',
      status: 400,
    },
    {
      what: 'JSON with whole numbers past int4',
      headers: { 'content-type': 'application/json' },
      payload:
        '{"site":99999999999,"caseId":99999999999,"version":99999999999,"reason":"r","to":"due_diligence","meetingId":"LEB-1","decision":"approve"}',
      status: null,
    },
    {
      what: 'a media type we do not read',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
      status: 415,
    },
    {
      what: "a JSON body over every route's limit (1 MB; 21 MB for case facts with files)",
      headers: { 'content-type': 'application/json' },
      payload: `{"reason":"${'x'.repeat(22 * 1024 * 1024)}"}`,
      status: 413,
    },
  ];

  it('answers each in the error shape, never 5xx', async () => {
    const failures: string[] = [];
    for (const route of writes()) {
      const url = urlFor(route.url, parametersOf(route.method, route.url), undefined, true);
      for (const b of BODIES) {
        const res = await send(
          { method: route.method as Method, url, headers: b.headers, payload: b.payload },
          allowedRole(route.access),
        );
        const where = `${route.method} ${url} with ${b.what}`;
        if (res.status >= 500) failures.push(`${where}: ${res.status}`);
        if (res.status >= 400 && !inErrorShape(res.body))
          failures.push(`${where}: not in the error shape: ${JSON.stringify(res.body)}`);
        // The upload route reads multipart only; whatever else it is sent is a 400 or 415.
        // A route that reads no body (POST /api/deadlines) may ignore well-formed JSON it was sent.
        const readsBody = openapi.paths[route.url.replace(/:([A-Za-z][A-Za-z0-9]*)/g, '{$1}')]?.[
          route.method.toLowerCase()
        ] as { requestBody?: unknown } | undefined;
        if (!readsBody?.requestBody && b.payload.toString().startsWith('{"site"') && res.status < 500) continue;
        const expected = route.url === '/api/uploads' && b.status !== 413 ? [400, 415] : [b.status];
        if (route.method !== 'DELETE' && b.status !== null && !expected.includes(res.status))
          failures.push(`${where}: ${res.status}, expected ${b.status}`);
        if (route.method !== 'DELETE' && b.status === null && (res.status < 400 || res.status >= 500))
          failures.push(`${where}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses malformed multipart with 400 and stores nothing', async () => {
    const boundary = 'xYz';
    const MALFORMED: Array<{ what: string; contentType: string; payload: string }> = [
      { what: 'no boundary', contentType: 'multipart/form-data', payload: '--xYz\r\n\r\n' },
      { what: 'garbage', contentType: `multipart/form-data; boundary=${boundary}`, payload: 'not multipart at all' },
      {
        what: 'a part cut off',
        contentType: `multipart/form-data; boundary=${boundary}`,
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nnhsps\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nref,name\r\nA,B`,
      },
      {
        what: 'a header line without a colon',
        contentType: `multipart/form-data; boundary=${boundary}`,
        payload: `--${boundary}\r\nthis is no header\r\n\r\nx\r\n--${boundary}--\r\n`,
      },
      {
        what: 'a NUL in the source field',
        contentType: `multipart/form-data; boundary=${boundary}`,
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nnhs\u0000ps\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.csv"\r\n\r\nref\r\n1\r\n--${boundary}--\r\n`,
      },
    ];
    const failures: string[] = [];
    for (const m of MALFORMED) {
      const res = await send(
        { method: 'POST', url: '/api/uploads', headers: { 'content-type': m.contentType }, payload: m.payload },
        'officer',
      );
      if (res.status !== 400 || !inErrorShape(res.body))
        failures.push(`${m.what}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(failures).toEqual([]);
    const stored = await h.t.db.selectFrom('uploads').select('filename').where('filename', '!=', 'seed.csv').execute();
    expect(stored).toEqual([]);
  });

  it('gives the review its named cases back as 400s and 404s', async () => {
    const officer = h.bearer('officer');
    const get = async (url: string) => (await h.app.inject({ url, headers: officer })).statusCode;
    expect(await get('/api/ranked?minScore=Infinity')).toBe(400);
    expect(await get('/api/land?near=-0.1,51.5&within=Infinity')).toBe(400);
    expect(await get('/api/land?near=-0.1,51.5&within=1e309')).toBe(400);
    expect(await get('/api/land?borough=%00')).toBe(400);
    expect(await get('/api/board/agenda?date=2026-02-30')).toBe(400);
    expect(await get('/api/forecast/backtest?asOf=2025-02-29')).toBe(400);
    expect(await get('/api/forecast/backtest?asOf=2024-02-29')).toBe(200);
    expect(await get('/api/sites/2147483648')).toBe(404);
    expect(await get('/api/cases/99999999999999999999')).toBe(404);
    expect(await get(`/api/sites/${siteId}`)).toBe(200);
    const openFor = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: officer,
      payload: { site: 99_999_999_999, reason: 'probe' },
    });
    expect(openFor.statusCode).toBe(404);
  });

  it("Fastify's own refusals keep the error shape: a bad URL and a framework 404", async () => {
    const bad = await h.app.inject({ url: '/api/sites/%E0%A4%A', headers: h.bearer('officer') });
    expect(bad.statusCode).toBe(400);
    expect(inErrorShape(bad.json())).toBe(true);
    const none = await h.app.inject({ url: '/api/nothing-here' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: 'not_found' });
  });
});
