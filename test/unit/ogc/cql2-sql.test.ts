import fc from 'fast-check';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type RawBuilder,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/ogc/cql2/filter.js';
import { queryablesDocument } from '../../../src/ogc/cql2/queryables.js';
import { cql2ToSql, type FilterSrid, type SqlQueryables } from '../../../src/ogc/cql2/sql.js';
import { refused } from './refused.js';

// Compiles fragments without a database: what SQL text and which bound values a filter becomes.
const compiler = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
const compile = (fragment: RawBuilder<unknown>) => fragment.compile(compiler);

const QUERYABLES: SqlQueryables = {
  name: { type: 'string', title: 'Site name', column: sql`s.name` },
  homes: { type: 'integer', title: 'Homes', column: sql`v.homes` },
  siteAreaHa: { type: 'number', title: 'Site area (ha)', column: sql`s.site_area_ha` },
  releasedOn: { type: 'date', title: 'Released on', column: sql`c.closed_at::date` },
  geometry: { type: 'geometry', title: 'Location', column: sql`s.geom` },
};

const toSql = (text: string, filterSrid: FilterSrid = 4326) =>
  compile(cql2ToSql(parseFilter(text, 'cql2-text'), QUERYABLES, { filterSrid }));

const refusal = (text: string) => refused(() => toSql(text));

describe('CQL2 → SQL', () => {
  it('writes columns from the queryables and every value as a bound parameter', () => {
    const q = toSql(
      "name LIKE 'St%' AND homes >= 10 AND siteAreaHa BETWEEN 0.5 AND 2 AND T_AFTER(releasedOn, DATE('2025-12-31'))",
    );
    expect(q.sql).toBe(
      '(((s.name) LIKE $1::text) AND ((v.homes) >= $2::float8) AND ((s.site_area_ha) BETWEEN $3::float8 AND $4::float8) AND ((c.closed_at::date) > $5::date))',
    );
    expect(q.parameters).toEqual(['St%', 10, 0.5, 2, '2025-12-31']);
  });

  it('never puts a filter string into the SQL text, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (text) => {
        const literal = `'${text.replaceAll("'", "''")}'`;
        const q = toSql(`name = ${literal} OR CASEI(name) IN (CASEI(${literal}), ${literal})`);
        expect(q.sql).toBe('(((s.name) = $1::text) OR (lower((s.name)) IN (lower($2::text), $3::text)))');
        expect(q.parameters).toEqual([text, text, text]);
      }),
    );
    const injection = toSql("name = 'x''); DROP TABLE sites; --'");
    expect(injection.parameters).toEqual(["x'); DROP TABLE sites; --"]);
  });

  it('brings CRS84 geometry literals to British National Grid, and BNG ones as they are', () => {
    const lonLat = toSql('S_INTERSECTS(geometry, POINT(-0.1 51.5))');
    expect(lonLat.sql).toBe(
      'ST_Intersects((s.geom), ST_Transform(ST_Segmentize(ST_SetSRID(ST_GeomFromGeoJSON($1), $2::int), 0.01), $3::int))',
    );
    expect(lonLat.parameters).toEqual(['{"type":"Point","coordinates":[-0.1,51.5]}', 4326, 27700]);
    const bng = toSql('S_DWITHIN(geometry, POINT(530000 180000), 250)', 27700);
    expect(bng.sql).toBe('ST_DWithin((s.geom), ST_SetSRID(ST_GeomFromGeoJSON($1), $2::int), $3::float8)');
    expect(bng.parameters).toEqual(['{"type":"Point","coordinates":[530000,180000]}', 27700, 250]);
    expect(toSql('S_DISJOINT(geometry, BBOX(0, 51, 1, 52))').sql).toMatch(/^\(NOT ST_Intersects\(/);
  });

  it('refuses unknown properties, mismatched types and out-of-range literals, naming the term', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['marketValue > 1000000', 'marketValue', /unknown property marketValue; the queryables are name, homes/],
      ['"name; DROP TABLE sites" = 1', 'name; DROP TABLE sites', /unknown property/],
      ['constructor = 1', 'constructor', /unknown property/],
      ["homes = 'ten'", "'ten'", /compares homes \(number\) with 'ten' \(string\)/],
      ['name LIKE 5', '5', /LIKE takes string, and 5 is a number/],
      ["T_AFTER(name, DATE('2025-01-01'))", 'name', /T_AFTER takes date or timestamp/],
      ['S_INTERSECTS(geometry, POINT(530000 180000))', '530000 180000', /not longitude then latitude/],
      ['S_INTERSECTS(homes, POINT(0 51))', 'homes', /S_INTERSECTS takes geometry/],
      ['S_DWITHIN(geometry, POINT(0 51), -1)', '-1', /distance is metres/],
      ["T_EQUALS(releasedOn, INTERVAL('2025-01-01', '..'))", 'INTERVAL(…)', /instant with an instant/],
      ['S_WITHIN(geometry, BBOX(1, 51, 0, 52))', 'BBOX(1, 51, 0, 52)', /minimum is greater/],
    ];
    for (const [text, term, message] of cases) {
      const e = refusal(text);
      expect({ text, term: e.term }).toEqual({ text, term });
      expect(e.message).toMatch(message);
    }
  });

  it('reads an instant against an interval by its ends, open ends included', () => {
    expect(toSql("T_AFTER(releasedOn, INTERVAL('2025-01-01', '2025-12-31'))").sql).toBe(
      "((((c.closed_at::date))::timestamp AT TIME ZONE 'UTC') > (($1::date)::timestamp AT TIME ZONE 'UTC'))",
    );
    expect(toSql("T_BEFORE(releasedOn, INTERVAL('..', '2025-12-31'))").sql).toBe(
      "(CASE WHEN (((c.closed_at::date))::timestamp AT TIME ZONE 'UTC') IS NULL THEN NULL ELSE FALSE END)",
    );
    expect(toSql("T_INTERSECTS(releasedOn, INTERVAL('2025-01-01', '..'))").sql).toBe(
      "(CASE WHEN (((c.closed_at::date))::timestamp AT TIME ZONE 'UTC') IS NULL THEN NULL ELSE ((((c.closed_at::date))::timestamp AT TIME ZONE 'UTC') >= (($1::date)::timestamp AT TIME ZONE 'UTC')) END)",
    );
  });
});

describe('queryables document', () => {
  it('is a JSON Schema of the properties a filter may name', () => {
    const doc = queryablesDocument(QUERYABLES, {
      id: 'https://x/ogc/collections/pipeline-land/queryables',
      title: 'Pipeline land',
    });
    expect(doc).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { title: 'Site name', type: 'string' },
        homes: { type: 'integer' },
        releasedOn: { type: 'string', format: 'date' },
        geometry: { format: 'geometry-any' },
      },
    });
    expect(Object.keys(doc.properties as object)).toEqual(Object.keys(QUERYABLES));
  });
});
