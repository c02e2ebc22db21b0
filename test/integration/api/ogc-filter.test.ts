import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE } from '../../../src/api/ogc/collections.js';
import { LAND_STAGES } from '../../../src/domain/land-status.js';
import { seedLandEstate } from '../../support/land-estate.js';
import { startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
// A view's text takes no parameters: the stage names (ours, fixed) are written in as an array literal.
const stages = (names: readonly string[]) => sql.raw(`'{${names.join(',')}}'::text[]`);
beforeAll(async () => {
  h = await startApiHarness();
  await seedLandEstate(h.t, 36);
  // The oracle: land written out by hand from the base tables, apart from the land query and the
  // CQL2 translator, so each filter's answer over HTTP is checked against SQL that shares neither.
  await sql`
    CREATE VIEW oracle AS
    SELECT s.id, s.name, s.borough_gss AS borough, b.name AS borough_name, s.site_area_ha AS area, v.homes,
           c.stage, c.closed_at::date AS released_on, s.geom,
           CASE WHEN c.stage = ANY(${stages(LAND_STAGES.released)}) THEN 'released' ELSE 'pipeline' END AS status
    FROM sites s
    JOIN cases c ON c.site_id = s.id
    LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
    LEFT JOIN valuations v ON v.site_id = s.id
    WHERE c.stage = ANY(${stages([...LAND_STAGES.released, ...LAND_STAGES.pipeline])})`.execute(h.t.db);
});
afterAll(async () => h?.close());

const BNG = 'http://www.opengis.net/def/crs/EPSG/0/27700';
type Collection = 'released-land' | 'pipeline-land';

const items = (collection: Collection, params: Record<string, string>) =>
  h.app.inject({
    url: `/ogc/collections/${collection}/items?${new URLSearchParams({ limit: '1000', ...params }).toString()}`,
    headers: h.bearer('housing'),
  });

const idsOver = async (collection: Collection, params: Record<string, string>): Promise<number[]> => {
  const res = await items(collection, params);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ features: Array<{ id: number }> }>().features.map((f) => f.id);
};

const oracle = async (collection: Collection, where: string, order = 'id'): Promise<number[]> => {
  const status = collection === 'released-land' ? 'released' : 'pipeline';
  const rows = await sql<{ id: number }>`
    SELECT id FROM oracle WHERE status = ${status} AND (${sql.raw(where)}) ORDER BY ${sql.raw(order)}`.execute(h.t.db);
  return rows.rows.map((r) => r.id);
};

const LIT = 'SRID=27700;';
const HACKNEY_BOX = 'POLYGON((-0.085 51.538, -0.078 51.538, -0.078 51.5425, -0.085 51.5425, -0.085 51.538))';
const HACKNEY_BOX_SQL = `ST_Transform(ST_Segmentize(ST_GeomFromText('${HACKNEY_BOX}', 4326), 0.01), 27700)`;

/** One filter per operator, in CQL2 text, and the same question written as SQL over the oracle. */
const BY_OPERATOR: Array<[string, Collection, string, string]> = [
  ['=', 'released-land', "boroughName = 'Hackney'", "borough_name = 'Hackney'"],
  ['<>', 'released-land', "borough <> 'E09000012'", "borough <> 'E09000012'"],
  ['<', 'released-land', 'siteAreaHa < 1.5', 'area < 1.5'],
  ['<=', 'released-land', 'homes <= 74', 'homes <= 74'],
  ['>', 'pipeline-land', 'homes > 100', 'homes > 100'],
  ['>=', 'released-land', 'siteAreaHa >= 2.05', 'area >= 2.05'],
  ['AND', 'released-land', 'homes > 50 AND siteAreaHa > 1', 'homes > 50 AND area > 1'],
  ['OR', 'released-land', "boroughName = 'Camden' OR homes < 20", "borough_name = 'Camden' OR homes < 20"],
  ['NOT', 'released-land', 'NOT (homes > 50)', 'NOT (homes > 50)'],
  ['IS NULL', 'released-land', 'homes IS NULL', 'homes IS NULL'],
  ['IS NOT NULL', 'pipeline-land', 'homes IS NOT NULL', 'homes IS NOT NULL'],
  ['LIKE', 'released-land', "name LIKE 'Site 1%'", "name LIKE 'Site 1%'"],
  ['NOT LIKE', 'released-land', "name NOT LIKE '%clinic'", "name NOT LIKE '%clinic'"],
  ['BETWEEN', 'released-land', 'homes BETWEEN 50 AND 150', 'homes BETWEEN 50 AND 150'],
  ['IN', 'released-land', "borough IN ('E09000012', 'E09000007')", "borough IN ('E09000012', 'E09000007')"],
  ['CASEI', 'released-land', "CASEI(name) LIKE CASEI('%CLINIC')", "lower(name) LIKE '%clinic'"],
  ['stage =', 'pipeline-land', "stage = 'marketing'", "stage = 'marketing'"],
  [
    'S_INTERSECTS',
    'released-land',
    `S_INTERSECTS(geometry, ${HACKNEY_BOX})`,
    `ST_Intersects(geom, ${HACKNEY_BOX_SQL})`,
  ],
  ['S_WITHIN', 'pipeline-land', `S_WITHIN(geometry, ${HACKNEY_BOX})`, `ST_Within(geom, ${HACKNEY_BOX_SQL})`],
  ['S_DISJOINT', 'released-land', `S_DISJOINT(geometry, ${HACKNEY_BOX})`, `ST_Disjoint(geom, ${HACKNEY_BOX_SQL})`],
  [
    'S_INTERSECTS BBOX',
    'released-land',
    'S_INTERSECTS(geometry, BBOX(-0.085, 51.538, -0.078, 51.5425))',
    `ST_Intersects(geom, ${HACKNEY_BOX_SQL})`,
  ],
  [
    'S_EQUALS',
    'released-land',
    'S_EQUALS(geometry, POINT(533150 184150))',
    `ST_Equals(geom, '${LIT}POINT(533150 184150)'::geometry)`,
  ],
  [
    'S_CONTAINS',
    'released-land',
    'S_CONTAINS(geometry, POINT(533300 184300))',
    `ST_Contains(geom, '${LIT}POINT(533300 184300)'::geometry)`,
  ],
  [
    'S_TOUCHES',
    'released-land',
    'S_TOUCHES(geometry, LINESTRING(533150 184000, 532000 184000))',
    `ST_Touches(geom, '${LIT}LINESTRING(533150 184000, 532000 184000)'::geometry)`,
  ],
  [
    'S_CROSSES',
    'released-land',
    'S_CROSSES(geometry, POLYGON((533000 184000, 533400 184000, 533400 184400, 533000 184000)))',
    `ST_Crosses(geom, '${LIT}POLYGON((533000 184000, 533400 184000, 533400 184400, 533000 184000))'::geometry)`,
  ],
  ['S_OVERLAPS', 'released-land', 'S_OVERLAPS(geometry, MULTIPOINT((533150 184150), (1 1)))', `false`],
  [
    'S_DWITHIN',
    'released-land',
    'S_DWITHIN(geometry, POINT(533300 184300), 200)',
    `ST_DWithin(geom, '${LIT}POINT(533300 184300)'::geometry, 200)`,
  ],
  ['T_AFTER', 'released-land', "T_AFTER(releasedOn, DATE('2024-06-30'))", "released_on > '2024-06-30'"],
  ['T_BEFORE', 'released-land', "T_BEFORE(releasedOn, DATE('2024-06-30'))", "released_on < '2024-06-30'"],
  [
    'T_INTERSECTS',
    'released-land',
    "T_INTERSECTS(releasedOn, INTERVAL('2024-01-01', '2024-12-31'))",
    "released_on BETWEEN '2024-01-01' AND '2024-12-31'",
  ],
  ['T_DISJOINT', 'released-land', "T_DISJOINT(releasedOn, INTERVAL('2024-01-01', '..'))", "released_on < '2024-01-01'"],
  ['T_EQUALS', 'released-land', "T_EQUALS(releasedOn, DATE('2023-03-22'))", "released_on = '2023-03-22'"],
];

describe('OGC API – Features Part 3 over HTTP', () => {
  it.each(BY_OPERATOR)('%s selects what SQL selects', async (_op, collection, filter, where) => {
    const crs: Record<string, string> = /\b5\d{5}\b/.test(filter) ? { 'filter-crs': BNG } : {};
    const expected = await oracle(collection, where);
    expect(await idsOver(collection, { filter, ...crs })).toEqual(expected);
  });

  it('selects something and leaves something out for most operators (a filter that selects all or none proves little)', async () => {
    const untelling: string[] = [];
    for (const [op, collection, , where] of BY_OPERATOR) {
      const [some, all] = [await oracle(collection, where), await oracle(collection, 'true')];
      if (some.length === 0 || some.length === all.length) untelling.push(op);
    }
    // Points cannot cross, overlap or touch a line through none of them: those select nothing, as SQL does.
    expect(untelling, JSON.stringify(untelling)).toEqual(['S_CROSSES', 'S_OVERLAPS']);
  });

  it('reads CQL2 JSON as the same filter as the text', async () => {
    const json = {
      op: 'and',
      args: [
        { op: '=', args: [{ property: 'boroughName' }, 'Hackney'] },
        { op: '>', args: [{ property: 'siteAreaHa' }, 0.5] },
        { op: 't_after', args: [{ property: 'releasedOn' }, { date: '2023-06-01' }] },
      ],
    };
    const text = "boroughName = 'Hackney' AND siteAreaHa > 0.5 AND T_AFTER(releasedOn, DATE('2023-06-01'))";
    const fromJson = await idsOver('released-land', { filter: JSON.stringify(json), 'filter-lang': 'cql2-json' });
    expect(fromJson).toEqual(await idsOver('released-land', { filter: text }));
    expect(fromJson).toEqual(
      await oracle('released-land', "borough_name = 'Hackney' AND area > 0.5 AND released_on > '2023-06-01'"),
    );
    expect(fromJson.length).toBeGreaterThan(0);
  });

  it('answers the housing officer: land in Hackney over 0.5 ha with 20+ homes released after a date, sorted by homes', async () => {
    const ids = await idsOver('released-land', {
      filter: "boroughName = 'Hackney' AND siteAreaHa > 0.5 AND homes >= 20",
      datetime: '2023-09-01/..',
      sortby: '-homes',
    });
    expect(ids).toEqual(
      await oracle(
        'released-land',
        "borough_name = 'Hackney' AND area > 0.5 AND homes >= 20 AND released_on >= '2023-09-01'",
        'homes DESC, id',
      ),
    );
    expect(ids.length).toBeGreaterThan(1);
  });

  it('reads datetime on the release date: an instant, closed and open intervals', async () => {
    const cases: Array<[string, string]> = [
      ['2023-03-22', "released_on = '2023-03-22'"],
      ['2024-01-01/2024-12-31', "released_on BETWEEN '2024-01-01' AND '2024-12-31'"],
      ['../2024-01-01', "released_on <= '2024-01-01'"],
      ['2024-01-01T00:00:00Z/', "released_on >= '2024-01-01'"],
    ];
    for (const [datetime, where] of cases)
      expect(await idsOver('released-land', { datetime }), datetime).toEqual(await oracle('released-land', where));
    // nothing in the pipeline has been released
    expect(await idsOver('pipeline-land', { datetime: '2020-01-01/..' })).toEqual([]);
  });

  it('sorts by sortby, ties by site id, empty values last, and pages the same order', async () => {
    const sorted = await idsOver('released-land', { sortby: '-homes,+name' });
    expect(sorted).toEqual(await oracle('released-land', 'true', 'homes DESC NULLS LAST, name, id'));
    const byArea = await idsOver('released-land', { sortby: 'siteAreaHa' });
    expect(byArea).toEqual(await oracle('released-land', 'true', 'area, id'));
    const first = await items('released-land', { sortby: '-homes', limit: '5' });
    const next = first.json<{ links: Array<{ rel: string; href: string }> }>().links.find((l) => l.rel === 'next');
    expect(next?.href).toContain('sortby=-homes');
    const second = await h.app.inject({ url: next!.href.replace(/^http:\/\/[^/]+/, ''), headers: h.bearer('housing') });
    const page = [...first.json().features, ...second.json().features].map((f: { id: number }) => f.id);
    expect(page).toEqual((await oracle('released-land', 'true', 'homes DESC NULLS LAST, id')).slice(0, 10));
  });

  it('returns only the properties asked for, the geometry always', async () => {
    const res = await items('released-land', { properties: 'name,homes', limit: '2' });
    const features = res.json<{ features: Array<{ properties: object; geometry: { type: string } }> }>().features;
    expect(features.map((f) => Object.keys(f.properties))).toEqual([
      ['name', 'homes'],
      ['name', 'homes'],
    ]);
    expect(features[0]?.geometry.type).toBe('Point');
    const all = await items('released-land', { limit: '1' });
    expect(Object.keys(all.json().features[0].properties)).toContain('releasedOn');
  });

  it('serves the queryables as JSON Schema, linked from the collection', async () => {
    const collection = (
      await h.app.inject({ url: '/ogc/collections/released-land', headers: h.bearer('housing') })
    ).json();
    const link = collection.links.find(
      (l: { rel: string }) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/queryables',
    );
    expect(link.href).toMatch(/\/ogc\/collections\/released-land\/queryables$/);
    const res = await h.app.inject({ url: '/ogc/collections/released-land/queryables', headers: h.bearer('housing') });
    expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
    const schema = res.json();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.releasedOn).toMatchObject({ type: 'string', format: 'date' });
    expect(schema.properties.geometry).toMatchObject({ format: 'geometry-any' });
    expect(Object.keys(schema.properties)).not.toContain('marketValuePence');
    expect((await h.app.inject({ url: '/ogc/collections/released-land/queryables' })).statusCode).toBe(401);
    expect(
      (await h.app.inject({ url: '/ogc/collections/nothing/queryables', headers: h.bearer('housing') })).json(),
    ).toMatchObject({ code: 'NotFound' });
  });
});

/** A filter exercising each CQL2 conformance class declared; a class declared without one fails the test. */
const BY_CLASS: Record<string, [string, string]> = {
  'cql2-text': ["name = 'Site 1 HOSPITAL'", "name = 'Site 1 HOSPITAL'"],
  'cql2-json': ['{"op":"<","args":[{"property":"homes"},60]}', 'homes < 60'],
  'basic-cql2': [
    'homes IS NULL OR NOT (siteAreaHa >= 1.0 AND homes <> 37)',
    'homes IS NULL OR NOT (area >= 1.0 AND homes <> 37)',
  ],
  'advanced-comparison-operators': [
    "name LIKE '%urgery' AND homes NOT BETWEEN 10 AND 20 AND borough NOT IN ('E09000008')",
    "name LIKE '%urgery' AND homes NOT BETWEEN 10 AND 20 AND borough NOT IN ('E09000008')",
  ],
  'case-insensitive-comparison': ["CASEI(name) = CASEI('site 2 surgery')", "lower(name) = 'site 2 surgery'"],
  'basic-spatial-functions': [`S_INTERSECTS(geometry, ${HACKNEY_BOX})`, `ST_Intersects(geom, ${HACKNEY_BOX_SQL})`],
  'basic-spatial-functions-plus': [
    `S_INTERSECTS(geometry, MULTIPOLYGON(((${HACKNEY_BOX.slice(9, -2)}))))`,
    `ST_Intersects(geom, ${HACKNEY_BOX_SQL})`,
  ],
  'spatial-functions': [
    `S_WITHIN(geometry, ${HACKNEY_BOX}) AND NOT S_TOUCHES(geometry, ${HACKNEY_BOX})`,
    `ST_Within(geom, ${HACKNEY_BOX_SQL})`,
  ],
};

describe('conformance', () => {
  it('declares Part 3 and each CQL2 class only with a filter here that passes it', async () => {
    const declared = (await h.app.inject({ url: '/ogc/conformance', headers: h.bearer('housing') })).json().conformsTo;
    expect(declared).toEqual(CONFORMANCE);
    const cql2 = declared
      .filter((c: string) => c.startsWith('http://www.opengis.net/spec/cql2/1.0/conf/'))
      .map((c: string) => c.split('/').pop());
    expect(cql2.sort()).toEqual(Object.keys(BY_CLASS).sort());
    for (const [cls, [filter, where]] of Object.entries(BY_CLASS)) {
      const lang: Record<string, string> = cls === 'cql2-json' ? { 'filter-lang': 'cql2-json' } : {};
      const expected = await oracle('released-land', where);
      expect(await idsOver('released-land', { filter, ...lang }), cls).toEqual(expected);
      expect(expected.length, cls).toBeGreaterThan(0);
    }
    for (const part3 of ['queryables', 'filter', 'features-filter'])
      expect(declared).toContain(`http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/${part3}`);
    expect(declared).not.toContain(
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
    );
    expect(declared).not.toContain('http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions');
  });
});

describe('hostile and wrong filters: 400 in the OGC exception form, naming the term', () => {
  const refused: Array<[string, Record<string, string>, string, string]> = [
    ['a second statement', { filter: "name = 'x'; DROP TABLE sites" }, 'filter', ';'],
    ['a database function', { filter: "pg_sleep(10) = 'x'" }, 'filter', 'pg_sleep'],
    ['a valuation', { filter: 'marketValuePence > 1000000' }, 'filter', 'marketValuePence'],
    [
      'an injected property name',
      { filter: '{"op":"=","args":[{"property":"name; DROP TABLE sites"},1]}', 'filter-lang': 'cql2-json' },
      'filter',
      'name; DROP TABLE sites',
    ],
    ['a type mismatch', { filter: "homes = 'ten'" }, 'filter', "'ten'"],
    ['deep nesting', { filter: `${'('.repeat(40)}homes > 1${')'.repeat(40)}` }, 'filter', '('],
    ['deep NOTs', { filter: `${'NOT '.repeat(40)}homes > 1` }, 'filter', 'NOT'],
    ['an unknown language', { filter: 'homes > 1', 'filter-lang': 'cql-text' }, 'filter-lang', 'cql-text'],
    ['an unknown filter CRS', { filter: 'homes > 1', 'filter-crs': 'EPSG:3857' }, 'filter-crs', 'EPSG:3857'],
    [
      'metres without filter-crs',
      { filter: 'S_INTERSECTS(geometry, POINT(533000 184000))' },
      'filter',
      '533000 184000',
    ],
    ['a bad datetime', { datetime: '2024-13-45' }, 'datetime', '2024-13-45'],
    ['a backwards datetime', { datetime: '2025-01-01/2024-01-01' }, 'datetime', '2025-01-01/2024-01-01'],
    ['sortby on a valuation', { sortby: '-marketValuePence' }, 'sortby', '-marketValuePence'],
    ['sortby on the geometry', { sortby: 'geometry' }, 'sortby', 'geometry'],
    ['an unknown property to return', { properties: 'name,euvPence' }, 'properties', 'euvPence'],
  ];
  it.each(refused)('%s', async (_what, params, parameter, term) => {
    const res = await items('released-land', params);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'InvalidParameterValue',
      description: expect.any(String),
      parameter,
      term: expect.stringContaining(term.slice(0, 12)),
    });
  });

  it('binds a quote-breaking string as a value: nothing matches, nothing is dropped', async () => {
    expect(await idsOver('released-land', { filter: "name = 'x'' OR ''1''=''1'" })).toEqual([]);
    expect(await idsOver('released-land', { filter: "name = 'Site 1 HOSPITAL'' OR true --'" })).toEqual([]);
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM sites`.execute(h.t.db);
    expect(Number(count.rows[0]?.n)).toBe(36);
  });

  it('refuses a huge WKT literal with 400 over a real socket (not a 431 from the HTTP parser)', async () => {
    const ring = Array.from({ length: 6_000 }, (_, i) => {
      const a = (2 * Math.PI * i) / 6_000;
      return `${(-0.06 + 0.01 * Math.cos(a)).toFixed(6)} ${(51.54 + 0.01 * Math.sin(a)).toFixed(6)}`;
    });
    const filter = `S_INTERSECTS(geometry, POLYGON((${[...ring, ring[0]].join(', ')})))`;
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const url = `${address}/ogc/collections/released-land/items?${new URLSearchParams({ filter }).toString()}`;
      expect(url.length).toBeGreaterThan(100_000);
      const res = await fetch(url, { headers: h.bearer('housing') });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'InvalidParameterValue', parameter: 'filter' });
      const over = await fetch(`${address}/ogc/collections/released-land/items?filter=${'x'.repeat(70_000)}`, {
        headers: h.bearer('housing'),
      });
      expect(over.status).toBe(400);
    } finally {
      await h.app.server.close();
    }
  });

  it('answers an unknown parameter and a bad limit in the same form', async () => {
    const res = await items('released-land', { where: 'homes > 1' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'InvalidParameterValue', error: 'bad_input' });
  });
});
