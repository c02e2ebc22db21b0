import type { Instant, IntervalEnd, Predicate } from './cql2/ast.js';
import { isDate, isTimestamp } from './cql2/budget.js';
import { Cql2Error } from './cql2/error.js';
import type { QueryableSpec } from './cql2/queryables.js';

/** Query parameters of OGC API – Features beside `filter`: `datetime` (Part 1) and `sortby`. */

const instant = (text: string, parameter: string): Instant => {
  if (isDate(text)) return { kind: 'date', value: text };
  if (isTimestamp(text)) return { kind: 'timestamp', value: text };
  throw new Cql2Error(
    `${parameter} is a date (YYYY-MM-DD) or an RFC 3339 instant in UTC (YYYY-MM-DDThh:mm:ssZ)`,
    text,
    undefined,
    parameter,
  );
};

/**
 * `datetime` as the CQL2 predicate it means on `property`: an instant, or an interval `start/end`
 * with either end open (`..` or empty). Ready to be ANDed with the filter.
 */
export function datetimePredicate(text: string, property: string): Predicate {
  const subject = { kind: 'property', name: property } as const;
  const parts = text.split('/');
  if (parts.length === 1) return { kind: 'temporal', op: 'T_INTERSECTS', args: [subject, instant(text, 'datetime')] };
  const [start = '', end = '', ...rest] = parts;
  if (rest.length > 0) throw new Cql2Error('datetime is an instant or start/end', text, undefined, 'datetime');
  const bound = (part: string): IntervalEnd =>
    part === '' || part === '..' ? { kind: 'open' } : instant(part, 'datetime');
  const [from, to] = [bound(start), bound(end)];
  if (from.kind === 'open' && to.kind === 'open')
    throw new Cql2Error('datetime needs at least one end', text, undefined, 'datetime');
  if (from.kind !== 'open' && to.kind !== 'open' && Date.parse(from.value) > Date.parse(to.value))
    throw new Cql2Error('datetime starts after it ends', text, undefined, 'datetime');
  return { kind: 'temporal', op: 'T_INTERSECTS', args: [subject, { kind: 'interval', start: from, end: to }] };
}

export interface SortKey {
  property: string;
  descending: boolean;
}

/** `sortby=+name,-homes`: queryable properties (not geometries), each ascending unless prefixed `-`. */
export function parseSortby(text: string, queryables: Readonly<Record<string, QueryableSpec>>): SortKey[] {
  const keys = text.split(',').map((part) => {
    const term = part.trim();
    const descending = term.startsWith('-');
    const property = term.replace(/^[+-]/, '');
    const spec = Object.hasOwn(queryables, property) ? queryables[property] : undefined;
    if (!spec || spec.type === 'geometry')
      throw new Cql2Error(
        `sortby names a property to sort on: ${Object.entries(queryables)
          .filter(([, q]) => q.type !== 'geometry')
          .map(([name]) => name)
          .join(', ')}`,
        term,
        undefined,
        'sortby',
      );
    return { property, descending };
  });
  if (new Set(keys.map((k) => k.property)).size !== keys.length)
    throw new Cql2Error('sortby names a property once', text, undefined, 'sortby');
  return keys;
}

/** `properties=name,homes`: names of the feature's own properties, each once; the geometry is always sent. */
export function parsePropertyNames(text: string, names: readonly string[]): string[] {
  const chosen = text.split(',').map((part) => part.trim());
  for (const name of chosen)
    if (!names.includes(name))
      throw new Cql2Error(`properties names a feature property: ${names.join(', ')}`, name, undefined, 'properties');
  if (new Set(chosen).size !== chosen.length)
    throw new Cql2Error('properties names a property once', text, undefined, 'properties');
  return chosen;
}
