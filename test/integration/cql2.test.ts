import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landSites } from '../../src/db/land.js';
import { landCql2 } from '../../src/db/land-queryables.js';
import type { Instant, IntervalEnd, Operand, Predicate } from '../../src/ogc/cql2/ast.js';
import { parseFilter } from '../../src/ogc/cql2/filter.js';
import { printCql2Json, printCql2Text } from '../../src/ogc/cql2/print.js';
import { cql2ToSql, type SqlQueryables } from '../../src/ogc/cql2/sql.js';
import { toLonLat } from '../../geo/transform.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { seedEstate, type SeededSite } from './api/harness.js';

/**
 * Every operator against PostGIS: random filters over a table of random rows, each answered by
 * the translated SQL and by a plain evaluator of CQL2's meaning written here (three-valued, as SQL
 * and CQL2 both are), which must select the same rows.
 */

interface SampleRow {
  id: number;
  name: string | null;
  homes: number | null;
  area: number | null;
  released: string | null;
  opened: string | null;
  e: number;
  n: number;
}

const rows: SampleRow[] = fc
  .sample(
    fc.record({
      name: fc.option(fc.stringMatching(/^[abcA]{0,3}$/), { freq: 5 }),
      homes: fc.option(fc.integer({ min: 0, max: 300 }), { freq: 5 }),
      area: fc.option(
        fc.integer({ min: 0, max: 4000 }).map((m) => m / 1000),
        { freq: 5 },
      ),
      released: fc.option(
        fc.integer({ min: 0, max: 2000 }).map((d) => new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10)),
        { freq: 5 },
      ),
      opened: fc.option(
        fc.integer({ min: 0, max: 2000 * 24 }).map((h) => new Date(Date.UTC(2020, 0, 1, h, 30)).toISOString()),
        { freq: 5 },
      ),
      // Half-metre offsets: no point ever lies on a whole-metre box edge or at a whole distance.
      e: fc.integer({ min: 0, max: 999 }).map((v) => 530_000 + v + 0.5),
      n: fc.integer({ min: 0, max: 999 }).map((v) => 180_000 + v + 0.5),
    }),
    { numRuns: 80, seed: 22 },
  )
  .map((r, i) => ({ id: i + 1, ...r }));

const SAMPLE: SqlQueryables = {
  name: { type: 'string', title: 'name', column: sql`t.name` },
  homes: { type: 'integer', title: 'homes', column: sql`t.homes` },
  area: { type: 'number', title: 'area', column: sql`t.area` },
  released: { type: 'date', title: 'released', column: sql`t.released` },
  opened: { type: 'timestamp', title: 'opened', column: sql`t.opened` },
  geometry: { type: 'geometry', title: 'geometry', column: sql`t.geom` },
};

// ---- the reference: what each filter means, row by row ----

type Truth = boolean | null;
type Value = string | number | boolean | null;

const and3 = (values: Truth[]): Truth => (values.includes(false) ? false : values.includes(null) ? null : true);
const or3 = (values: Truth[]): Truth => (values.includes(true) ? true : values.includes(null) ? null : false);
const not3 = (v: Truth): Truth => (v === null ? null : !v);

const instantMs = (i: Instant): number => Date.parse(i.kind === 'date' ? `${i.value}T00:00:00Z` : i.value);

function value(o: Operand, row: SampleRow): Value {
  switch (o.kind) {
    case 'property': {
      const v = row[o.name as keyof SampleRow];
      return v === undefined ? null : v;
    }
    case 'string':
    case 'number':
    case 'boolean':
      return o.value;
    case 'date':
    case 'timestamp':
      return instantMs(o);
    case 'casei': {
      const v = value(o.arg, row);
      return typeof v === 'string' ? v.toLowerCase() : null;
    }
    default:
      throw new Error(`no plain value for ${o.kind}`);
  }
}

/** Dates and timestamps as milliseconds, the way the translation compares them: in UTC. */
function scalar(o: Operand, row: SampleRow): Value {
  if (o.kind === 'property' && (o.name === 'released' || o.name === 'opened')) {
    const v = row[o.name];
    return v === null ? null : Date.parse(o.name === 'released' ? `${v}T00:00:00Z` : v);
  }
  return value(o, row);
}

function compare(op: string, a: Value, b: Value): Truth {
  if (a === null || b === null) return null;
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

const likeRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${[...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
    's',
  );

function inBox(row: SampleRow, [minX, minY, maxX, maxY]: [number, number, number, number]): boolean {
  return row.e >= minX && row.e <= maxX && row.n >= minY && row.n <= maxY;
}

function holds(p: Predicate, row: SampleRow): Truth {
  switch (p.kind) {
    case 'and':
      return and3(p.args.map((a) => holds(a, row)));
    case 'or':
      return or3(p.args.map((a) => holds(a, row)));
    case 'not':
      return not3(holds(p.arg, row));
    case 'literal':
      return p.value;
    case 'comparison':
      return compare(p.op, scalar(p.args[0], row), scalar(p.args[1], row));
    case 'like': {
      const [v, pattern] = [value(p.args[0], row), value(p.args[1], row)];
      return v === null || pattern === null ? null : likeRegExp(String(pattern)).test(String(v));
    }
    case 'between': {
      const [v, low, high] = p.args.map((a) => value(a, row)) as [Value, Value, Value];
      return and3([compare('>=', v, low), compare('<=', v, high)]);
    }
    case 'in':
      return or3(p.list.map((o) => compare('=', scalar(p.value, row), scalar(o, row))));
    case 'isNull':
      return value(p.arg, row) === null;
    case 'spatial': {
      const other = p.args[1];
      const box: [number, number, number, number] =
        other.kind === 'bbox'
          ? other.bbox
          : other.kind === 'geometry' && other.geometry.type === 'Polygon'
            ? boxOfRing(other.geometry.coordinates[0] ?? [])
            : [0, 0, -1, -1];
      return p.op === 'S_DISJOINT' ? !inBox(row, box) : inBox(row, box);
    }
    case 'dwithin': {
      const other = p.args[1];
      if (other.kind !== 'geometry' || other.geometry.type !== 'Point') throw new Error('points only here');
      const [x, y] = other.geometry.coordinates;
      return Math.hypot(row.e - x, row.n - y) <= p.distanceM;
    }
    case 'temporal': {
      const at = scalar(p.args[0], row) as number | null;
      const other = p.args[1];
      if (at === null) return null;
      if (other.kind !== 'interval') {
        const i = scalar(other, row) as number;
        const rel = { T_AFTER: '>', T_BEFORE: '<', T_INTERSECTS: '=', T_EQUALS: '=', T_DISJOINT: '<>' }[p.op];
        return compare(rel, at, i);
      }
      const end = (e: IntervalEnd): number | null => (e.kind === 'open' ? null : instantMs(e));
      const [start, finish] = [end(other.start), end(other.end)];
      const within = (start === null || at >= start) && (finish === null || at <= finish);
      if (p.op === 'T_INTERSECTS') return within;
      if (p.op === 'T_DISJOINT') return !within;
      if (p.op === 'T_AFTER') return finish !== null && at > finish;
      return start !== null && at < start;
    }
  }
}

function boxOfRing(ring: Array<[number, number]>): [number, number, number, number] {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

// ---- filters over the sample's own properties, well typed, every operator ----

const prop = (name: string): Operand => ({ kind: 'property', name });
const text = fc.stringMatching(/^[abcA%_]{0,3}$/);
const stringOperand = fc.oneof(
  fc.constant(prop('name')),
  text.map((value): Operand => ({ kind: 'string', value })),
);
const numberOperand = fc.oneof(
  fc.constantFrom(prop('homes'), prop('area')),
  fc
    .oneof(fc.integer({ min: -5, max: 305 }), fc.constantFrom(0.5, 1.25, 2.001, 3.999))
    .map((value): Operand => ({ kind: 'number', value })),
);
const day = fc.integer({ min: -10, max: 2010 }).map((d) => new Date(Date.UTC(2020, 0, 1 + d)));
const instantLiteral: fc.Arbitrary<Instant> = fc.oneof(
  day.map((d): Instant => ({ kind: 'date', value: d.toISOString().slice(0, 10) })),
  fc.tuple(day, fc.integer({ min: 0, max: 23 })).map(
    ([d, h]): Instant => ({
      kind: 'timestamp',
      value: new Date(d.getTime() + h * 3_600_000 + 1_800_000).toISOString(),
    }),
  ),
);
const temporalOperand = fc.oneof(fc.constantFrom(prop('released'), prop('opened')), instantLiteral);
const intervalEnd: fc.Arbitrary<IntervalEnd> = fc.oneof(instantLiteral, fc.constant({ kind: 'open' } as const));
const box = fc
  .tuple(
    fc.integer({ min: 530_000, max: 531_000 }),
    fc.integer({ min: 180_000, max: 181_000 }),
    fc.integer({ min: 1, max: 600 }),
    fc.integer({ min: 1, max: 600 }),
  )
  .map(([x, y, w, h]): [number, number, number, number] => [x, y, x + w, y + h]);

const comparison = (operand: fc.Arbitrary<Operand>, ops: readonly ('=' | '<>' | '<' | '<=' | '>' | '>=')[]) =>
  fc
    .tuple(fc.constantFrom(...ops), operand, operand)
    .map(([op, a, b]): Predicate => ({ kind: 'comparison', op, args: [a, b] }));
const ALL_OPS = ['=', '<>', '<', '<=', '>', '>='] as const;

const leafPredicate: fc.Arbitrary<Predicate> = fc.oneof(
  comparison(stringOperand, ALL_OPS),
  comparison(numberOperand, ALL_OPS),
  comparison(temporalOperand, ALL_OPS),
  fc.tuple(fc.boolean(), text).map(
    ([casei, pattern]): Predicate => ({
      kind: 'like',
      args: casei
        ? [
            { kind: 'casei', arg: prop('name') },
            { kind: 'casei', arg: { kind: 'string', value: pattern } },
          ]
        : [prop('name'), { kind: 'string', value: pattern }],
    }),
  ),
  fc.tuple(numberOperand, numberOperand, numberOperand).map((args): Predicate => ({ kind: 'between', args })),
  fc
    .tuple(
      fc.constantFrom(prop('homes'), prop('area')),
      fc.array(
        numberOperand.filter((o) => o.kind === 'number'),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([v, list]): Predicate => ({ kind: 'in', value: v, list })),
  fc
    .tuple(
      stringOperand,
      fc.array(
        stringOperand.filter((o) => o.kind === 'string'),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([v, list]): Predicate => ({ kind: 'in', value: v, list })),
  fc
    .constantFrom('name', 'homes', 'area', 'released', 'opened')
    .map((n): Predicate => ({ kind: 'isNull', arg: prop(n) })),
  fc
    .tuple(
      fc.constantFrom('S_INTERSECTS', 'S_WITHIN', 'S_DISJOINT') as fc.Arbitrary<
        'S_INTERSECTS' | 'S_WITHIN' | 'S_DISJOINT'
      >,
      box,
      fc.boolean(),
    )
    .map(([op, b, asPolygon]): Predicate => {
      const [x0, y0, x1, y1] = b;
      const literal: Operand = asPolygon
        ? {
            kind: 'geometry',
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [x0, y0],
                  [x1, y0],
                  [x1, y1],
                  [x0, y1],
                  [x0, y0],
                ],
              ],
            },
          }
        : { kind: 'bbox', bbox: b };
      return { kind: 'spatial', op, args: [prop('geometry'), literal] };
    }),
  fc
    .tuple(
      fc.integer({ min: 530_000, max: 531_000 }),
      fc.integer({ min: 180_000, max: 181_000 }),
      fc.integer({ min: 0, max: 800 }),
    )
    .map(
      ([x, y, d]): Predicate => ({
        kind: 'dwithin',
        args: [prop('geometry'), { kind: 'geometry', geometry: { type: 'Point', coordinates: [x, y] } }],
        distanceM: d + 0.25,
      }),
    ),
  fc
    .tuple(
      fc.constantFrom('T_AFTER', 'T_BEFORE', 'T_INTERSECTS', 'T_DISJOINT', 'T_EQUALS') as fc.Arbitrary<
        'T_AFTER' | 'T_BEFORE' | 'T_INTERSECTS' | 'T_DISJOINT' | 'T_EQUALS'
      >,
      fc.constantFrom(prop('released'), prop('opened')),
      instantLiteral,
    )
    .map(([op, p, i]): Predicate => ({ kind: 'temporal', op, args: [p, i] })),
  fc
    .tuple(
      fc.constantFrom('T_AFTER', 'T_BEFORE', 'T_INTERSECTS', 'T_DISJOINT') as fc.Arbitrary<
        'T_AFTER' | 'T_BEFORE' | 'T_INTERSECTS' | 'T_DISJOINT'
      >,
      fc.constantFrom(prop('released'), prop('opened')),
      intervalEnd,
      intervalEnd,
    )
    .map(([op, p, start, end]): Predicate => ({ kind: 'temporal', op, args: [p, { kind: 'interval', start, end }] })),
);

const samplePredicate: fc.Arbitrary<Predicate> = fc.letrec<{ p: Predicate }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafPredicate,
    tie('p').map((arg): Predicate => ({ kind: 'not', arg })),
    fc.array(tie('p'), { minLength: 2, maxLength: 3 }).map((args): Predicate => ({ kind: 'and', args })),
    fc.array(tie('p'), { minLength: 2, maxLength: 3 }).map((args): Predicate => ({ kind: 'or', args })),
  ),
})).p;

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await sql`CREATE TABLE cql2_sample (id int PRIMARY KEY, name text, homes int, area numeric(8,3), released date,
            opened timestamptz, geom geometry(Point, 27700) NOT NULL)`.execute(t.db);
  for (const r of rows)
    await sql`INSERT INTO cql2_sample VALUES (${r.id}, ${r.name}, ${r.homes}, ${r.area}, ${r.released}, ${r.opened},
              ST_SetSRID(ST_MakePoint(${r.e}::float8, ${r.n}::float8), 27700))`.execute(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const selected = async (filter: Predicate, filterSrid: 4326 | 27700 = 27700): Promise<number[]> => {
  const where = cql2ToSql(filter, SAMPLE, { filterSrid });
  const result = await sql<{ id: number }>`SELECT id FROM cql2_sample t WHERE ${where} ORDER BY id`.execute(t.db);
  return result.rows.map((r) => r.id);
};
const expected = (filter: Predicate): number[] => rows.filter((r) => holds(filter, r) === true).map((r) => r.id);

describe('CQL2 against PostGIS', () => {
  it('selects the rows the filter means, for every operator, in text and in JSON', async () => {
    await fc.assert(
      fc.asyncProperty(samplePredicate, async (filter) => {
        const want = expected(filter);
        expect(await selected(parseFilter(printCql2Text(filter), 'cql2-text'))).toEqual(want);
        expect(await selected(parseFilter(JSON.stringify(printCql2Json(filter)), 'cql2-json'))).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('finds each operator selecting some rows and not others (the sample is not trivial)', async () => {
    for (const text of [
      "name LIKE 'a%'",
      'homes BETWEEN 100 AND 200',
      `homes IN (${rows.find((r) => r.homes !== null)?.homes}, -1)`,
      'released IS NULL',
      "T_AFTER(released, DATE('2022-06-30'))",
      "T_INTERSECTS(opened, INTERVAL('2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z'))",
      'S_INTERSECTS(geometry, BBOX(530000, 180000, 530500, 180500))',
      'S_DWITHIN(geometry, POINT(530500 180500), 300)',
    ]) {
      const ids = await selected(parseFilter(text, 'cql2-text'));
      expect({ text, some: ids.length > 0, notAll: ids.length < rows.length }).toEqual({
        text,
        some: true,
        notAll: true,
      });
    }
  });

  it('reads CRS84 literals as lon/lat and brings them to the grid', async () => {
    const first = rows[0] as SampleRow;
    const [lon, lat] = toLonLat({ eastingM: first.e, northingM: first.n });
    const near = parseFilter(`S_DWITHIN(geometry, POINT(${lon} ${lat}), 0.5)`, 'cql2-text');
    expect(await selected(near, 4326)).toEqual(
      rows.filter((r) => Math.hypot(r.e - first.e, r.n - first.n) <= 0.5).map((r) => r.id),
    );
    const box = parseFilter(
      `S_INTERSECTS(geometry, BBOX(${lon - 0.00002}, ${lat - 0.00002}, ${lon + 0.00002}, ${lat + 0.00002}))`,
      'cql2-text',
    );
    expect(await selected(box, 4326)).toContain(first.id);
  });
});

describe('CQL2 on land', () => {
  let sites: Record<'released' | 'pipeline' | 'early' | 'none', SeededSite>;
  beforeAll(async () => {
    sites = await seedEstate(t);
  });

  const land = async (status: 'released' | 'pipeline', text: string, srid: 4326 | 27700 = 4326): Promise<number[]> => {
    const { sites: found } = await landSites(t.db, {
      status,
      cql2: landCql2(parseFilter(text, 'cql2-text'), srid),
      limit: 100,
      offset: 0,
    });
    return found.map((s) => s.siteId);
  };

  it("answers the housing officer's question: pipeline land in a borough over 0.5 ha with homes", async () => {
    expect(await land('pipeline', "borough = 'E09000007' AND siteAreaHa >= 0.5 AND homes > 10")).toEqual([
      sites.pipeline.siteId,
    ]);
    expect(await land('pipeline', "boroughName = 'Camden' AND siteAreaHa > 0.5")).toEqual([]);
    expect(await land('pipeline', "CASEI(name) LIKE '%health%'")).toEqual([sites.pipeline.siteId]);
  });

  it('filters released land on its release date and pipeline land, which has none, not at all', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(await land('released', "T_AFTER(releasedOn, DATE('2000-01-01'))")).toEqual([sites.released.siteId]);
    expect(await land('released', `T_AFTER(releasedOn, DATE('${today}'))`)).toEqual([]);
    expect(await land('pipeline', 'releasedOn IS NULL')).toEqual([sites.pipeline.siteId]);
    expect(await land('released', "T_INTERSECTS(releasedOn, INTERVAL('2000-01-01', '..'))")).toEqual([
      sites.released.siteId,
    ]);
  });

  it('gives two filters two cache keys', () => {
    const key = (text: string) =>
      JSON.stringify({ status: 'pipeline', cql2: landCql2(parseFilter(text, 'cql2-text'), 4326) });
    expect(key('homes > 10')).not.toBe(key('homes > 11'));
    expect(key('homes > 10')).toBe(key('(homes > 10)'));
  });

  it('filters on the geometry in either CRS', async () => {
    expect(await land('pipeline', 'S_DWITHIN(geometry, POINT(530200 183100), 10)', 27700)).toEqual([
      sites.pipeline.siteId,
    ]);
    const [lon, lat] = toLonLat({ eastingM: 530_200, northingM: 183_100 });
    expect(
      await land(
        'pipeline',
        `S_WITHIN(geometry, BBOX(${lon - 0.001}, ${lat - 0.001}, ${lon + 0.001}, ${lat + 0.001}))`,
      ),
    ).toEqual([sites.pipeline.siteId]);
    expect(
      await land(
        'pipeline',
        `S_DISJOINT(geometry, BBOX(${lon - 0.001}, ${lat - 0.001}, ${lon + 0.001}, ${lat + 0.001}))`,
      ),
    ).toEqual([]);
  });
});
