import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/ogc/cql2/ast.js';
import { filterSrid, parseFilter } from '../../../src/ogc/cql2/filter.js';
import { parseCql2Json } from '../../../src/ogc/cql2/json.js';
import { printCql2Json, printCql2Text } from '../../../src/ogc/cql2/print.js';
import { parseCql2Text } from '../../../src/ogc/cql2/text.js';
import { predicate } from './cql2-arbitraries.js';
import { refused } from './refused.js';

describe('CQL2 text and JSON', () => {
  it('print → parse gives the same tree back, in text and in JSON', () => {
    fc.assert(
      fc.property(predicate, (tree) => {
        expect(parseCql2Text(printCql2Text(tree))).toEqual(tree);
        expect(parseCql2Json(JSON.stringify(printCql2Json(tree)))).toEqual(tree);
      }),
      { numRuns: 400 },
    );
  });

  it('reads the same filter written in either encoding as one tree (examples after OGC 21-065)', () => {
    const pairs: Array<[string, unknown]> = [
      ["name LIKE 'St%'", { op: 'like', args: [{ property: 'name' }, 'St%'] }],
      [
        "borough = 'E09000012' and siteAreaHa > 0.5 and T_AFTER(releasedOn, DATE('2025-12-31'))",
        {
          op: 'and',
          args: [
            { op: '=', args: [{ property: 'borough' }, 'E09000012'] },
            { op: '>', args: [{ property: 'siteAreaHa' }, 0.5] },
            { op: 't_after', args: [{ property: 'releasedOn' }, { date: '2025-12-31' }] },
          ],
        },
      ],
      ['homes NOT BETWEEN 10 AND 20', { op: 'not', args: [{ op: 'between', args: [{ property: 'homes' }, 10, 20] }] }],
      ["stage IN ('completed', 'marketing')", { op: 'in', args: [{ property: 'stage' }, ['completed', 'marketing']] }],
      ['homes IS NOT NULL', { op: 'not', args: [{ op: 'isNull', args: [{ property: 'homes' }] }] }],
      [
        'S_INTERSECTS(geometry, POLYGON((-0.1 51.5, -0.05 51.5, -0.05 51.55, -0.1 51.5)))',
        {
          op: 's_intersects',
          args: [
            { property: 'geometry' },
            {
              type: 'Polygon',
              coordinates: [
                [
                  [-0.1, 51.5],
                  [-0.05, 51.5],
                  [-0.05, 51.55],
                  [-0.1, 51.5],
                ],
              ],
            },
          ],
        },
      ],
      [
        'S_WITHIN(geometry, BBOX(-0.2, 51.4, 0.1, 51.6))',
        { op: 's_within', args: [{ property: 'geometry' }, { bbox: [-0.2, 51.4, 0.1, 51.6] }] },
      ],
      [
        "T_INTERSECTS(releasedOn, INTERVAL('2025-01-01', '..'))",
        { op: 't_intersects', args: [{ property: 'releasedOn' }, { interval: ['2025-01-01', '..'] }] },
      ],
      [
        "CASEI(name) = casei('ST ANN''S')",
        {
          op: '=',
          args: [
            { op: 'casei', args: [{ property: 'name' }] },
            { op: 'casei', args: ["ST ANN'S"] },
          ],
        },
      ],
      [
        'S_DWITHIN(geometry, POINT(-0.1 51.5), 500)',
        { op: 's_dwithin', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [-0.1, 51.5] }, 500] },
      ],
      ['"and" <> 1 OR FALSE', { op: 'or', args: [{ op: '<>', args: [{ property: 'and' }, 1] }, false] }],
    ];
    for (const [text, json] of pairs) {
      expect(parseFilter(text, 'cql2-text')).toEqual(parseFilter(JSON.stringify(json), 'cql2-json'));
      expect(printCql2Json(parseCql2Text(text))).toEqual(json);
    }
  });

  it('binds AND tighter than OR, and NOT tighter than both', () => {
    expect(printCql2Text(parseCql2Text('a = 1 OR b = 2 AND NOT c = 3'))).toBe('(a = 1 OR (b = 2 AND NOT (c = 3)))');
    expect(printCql2Text(parseCql2Text('(a = 1 OR b = 2) AND c = 3'))).toBe('((a = 1 OR b = 2) AND c = 3)');
  });
});

describe('CQL2 refusals', () => {
  it('names the term it could not read, and where', () => {
    const cases: Array<[string, string, number | undefined]> = [
      ['homes > ', '(end of filter)', 8],
      ["name = 'x'; DROP TABLE sites; --", ';', 10],
      ["name = 'x' OR 1=1 --", '-', 18],
      ["pg_sleep(10) = 'x'", 'pg_sleep', 0],
      ["name = 'unterminated", "'unterminated", 7],
      ['homes = 1 homes', 'homes', 10],
      ['S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0.5)))', '0 0 … 0 0.5', 23],
      ['S_INTERSECTS(geometry, POINT(1 2 3))', '3', 33],
      ['S_INTERSECTS(geometry, POINT EMPTY)', 'EMPTY', 29],
      ["T_AFTER(releasedOn, DATE('2025-02-30'))", '2025-02-30', 25],
      ['like = 1', 'like', 0],
      ['not = 1', '=', 4],
      ['S_INTERSECTS(geometry)', 'S_INTERSECTS', 0],
    ];
    for (const [text, term, position] of cases) {
      const e = refused(() => parseCql2Text(text));
      expect({ text, term: e.term, position: e.position }).toEqual({ text, term, position });
      expect(e.code).toBe('bad_input');
    }
  });

  it('refuses CQL2 JSON it cannot read, naming the term', () => {
    const cases: Array<[unknown, string]> = [
      [{ op: 'sleep', args: [] }, 'sleep'],
      [{ op: '=', args: [{ property: 'homes' }] }, '{"op":"=","args":[{"property":"homes"}]}'],
      [{ op: '=', args: [{ function: { name: 'x' } }, 1] }, '{"function":{"name":"x"}}'],
      [{ op: '=', args: [{ property: 'homes', extra: 1 }, 1] }, '{"property":"homes","extra":1}'],
      [{ op: 's_intersects', args: [{ property: 'g' }, { type: 'Circle', coordinates: [0, 0] }] }, '"Circle"'],
      [{ op: 'in', args: [{ property: 'stage' }, []] }, '{"op":"in","args":[{"property":"stage"},[]]}'],
    ];
    for (const [json, term] of cases) expect(refused(() => parseCql2Json(JSON.stringify(json))).term).toBe(term);
    expect(refused(() => parseCql2Json('{"op": "=", ')).term).toBe('{"op": "=", ');
  });

  it('refuses nesting deeper than the limit, in both encodings', () => {
    const depth = LIMITS.depth + 1;
    const text = `${'('.repeat(depth)}homes = 1${')'.repeat(depth)}`;
    expect(refused(() => parseCql2Text(text)).message).toMatch(/nested more than 20/);
    expect(refused(() => parseCql2Text(`${'NOT '.repeat(depth)}homes = 1`)).term).toBe('NOT');
    let json: unknown = { op: '=', args: [{ property: 'homes' }, 1] };
    for (let i = 0; i < depth; i++) json = { op: 'not', args: [json] };
    expect(refused(() => parseCql2Json(JSON.stringify(json))).term).toBe('not');
    // At the limit it is read.
    const atLimit = `${'('.repeat(LIMITS.depth - 1)}homes = 1${')'.repeat(LIMITS.depth - 1)}`;
    expect(parseCql2Text(atLimit)).toEqual({
      kind: 'comparison',
      op: '=',
      args: [
        { kind: 'property', name: 'homes' },
        { kind: 'number', value: 1 },
      ],
    });
  });

  it('refuses a huge geometry and a huge filter before building them', () => {
    const ring = Array.from({ length: LIMITS.positions + 1 }, (_, i) => `${i % 7} ${i % 5}`);
    ring.push(ring[0] as string);
    const wkt = `S_INTERSECTS(geometry, POLYGON((${ring.join(', ')})))`;
    expect(wkt.length).toBeLessThan(LIMITS.filterChars);
    expect(refused(() => parseCql2Text(wkt)).message).toMatch(/more than 5000 positions/);
    const coordinates = [ring.map((p) => p.split(' ').map(Number))];
    const json = JSON.stringify({
      op: 's_intersects',
      args: [{ property: 'geometry' }, { type: 'Polygon', coordinates }],
    });
    expect(refused(() => parseCql2Json(json)).message).toMatch(/more than 5000 positions/);
    const long = `name IN (${Array.from({ length: 20_000 }, () => "'x'").join(',')})`;
    expect(refused(() => parseCql2Text(long)).message).toMatch(/at most 65536 are read/);
    const many = `name IN (${Array.from({ length: LIMITS.nodes }, () => '1').join(',')})`;
    expect(refused(() => parseCql2Text(many)).message).toMatch(/more than 2000 terms/);
  });

  it('refuses an unknown filter-lang and filter-crs, naming the parameter', () => {
    const lang = refused(() => parseFilter('homes > 1', 'ecql'));
    expect([lang.code, lang.message, lang.details]).toEqual([
      'bad_input',
      'filter-lang is cql2-text or cql2-json',
      { parameter: 'filter-lang', term: 'ecql' },
    ]);
    expect(refused(() => filterSrid('EPSG:4326')).parameter).toBe('filter-crs');
    expect(filterSrid(undefined)).toBe(4326);
    expect(filterSrid('http://www.opengis.net/def/crs/EPSG/0/27700')).toBe(27700);
  });
});
