import { describe, expect, it } from 'vitest';
import { printCql2Text } from '../../../src/ogc/cql2/print.js';
import type { QueryableSpec } from '../../../src/ogc/cql2/queryables.js';
import { datetimePredicate, parseSortby } from '../../../src/ogc/params.js';
import { refused } from './refused.js';

describe('datetime', () => {
  it('means T_INTERSECTS of the release date with an instant or an interval, open at either end', () => {
    const cases: Array<[string, string]> = [
      ['2025-06-30', "T_INTERSECTS(releasedOn, DATE('2025-06-30'))"],
      ['2025-06-30T12:00:00Z', "T_INTERSECTS(releasedOn, TIMESTAMP('2025-06-30T12:00:00Z'))"],
      ['2025-01-01/2025-12-31', "T_INTERSECTS(releasedOn, INTERVAL('2025-01-01', '2025-12-31'))"],
      ['../2025-12-31', "T_INTERSECTS(releasedOn, INTERVAL('..', '2025-12-31'))"],
      ['2026-01-01T00:00:00Z/', "T_INTERSECTS(releasedOn, INTERVAL('2026-01-01T00:00:00Z', '..'))"],
    ];
    for (const [text, cql2] of cases) expect(printCql2Text(datetimePredicate(text, 'releasedOn'))).toBe(cql2);
  });

  it('refuses what is no instant or interval, naming the parameter and the term', () => {
    for (const [text, term] of [
      ['yesterday', 'yesterday'],
      ['2025-13-01', '2025-13-01'],
      ['../..', '../..'],
      ['2025-02-01/2025-01-01', '2025-02-01/2025-01-01'],
      ['2025-01-01/2025-02-01/2025-03-01', '2025-01-01/2025-02-01/2025-03-01'],
    ]) {
      const e = refused(() => datetimePredicate(text as string, 'releasedOn'));
      expect({ parameter: e.parameter, term: e.term }).toEqual({ parameter: 'datetime', term });
    }
  });
});

describe('sortby', () => {
  const specs: Record<string, QueryableSpec> = {
    name: { type: 'string', title: 'name' },
    homes: { type: 'integer', title: 'homes' },
    geometry: { type: 'geometry', title: 'geometry' },
  };

  it('reads +, - and bare names in order', () => {
    expect(parseSortby('-homes,+name', specs)).toEqual([
      { property: 'homes', descending: true },
      { property: 'name', descending: false },
    ]);
    expect(parseSortby('name', specs)).toEqual([{ property: 'name', descending: false }]);
  });

  it('refuses an unknown property, a geometry and a repeat', () => {
    expect(refused(() => parseSortby('marketValue', specs)).term).toBe('marketValue');
    expect(refused(() => parseSortby('-geometry', specs)).message).toMatch(/sort on: name, homes$/);
    expect(refused(() => parseSortby('name,-name', specs)).parameter).toBe('sortby');
  });
});
