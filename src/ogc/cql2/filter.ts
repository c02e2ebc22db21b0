import type { Predicate } from './ast.js';
import { Cql2Error } from './error.js';
import { parseCql2Json } from './json.js';
import type { FilterSrid } from './sql.js';
import { parseCql2Text } from './text.js';

/** The `filter`, `filter-lang` and `filter-crs` parameters of OGC API – Features Part 3. */
export const FILTER_LANGS = ['cql2-text', 'cql2-json'] as const;
export type FilterLang = (typeof FILTER_LANGS)[number];

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const BNG = 'http://www.opengis.net/def/crs/EPSG/0/27700';

/** Conformance classes of CQL2 (OGC 21-065) this parser and translator pass. */
export const CQL2_CONFORMANCE = [
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
] as const;

/** A filter in either encoding, as the one tree. */
export function parseFilter(filter: string, lang: string | undefined): Predicate {
  const chosen = lang ?? 'cql2-text';
  if (chosen === 'cql2-text') return parseCql2Text(filter);
  if (chosen === 'cql2-json') return parseCql2Json(filter);
  throw new Cql2Error(`filter-lang is ${FILTER_LANGS.join(' or ')}`, chosen, undefined, 'filter-lang');
}

/** The CRS of a filter's geometry literals: CRS84 unless filter-crs names British National Grid. */
export function filterSrid(filterCrs: string | undefined): FilterSrid {
  if (filterCrs === undefined || filterCrs === CRS84) return 4326;
  if (filterCrs === BNG) return 27700;
  throw new Cql2Error(`filter-crs is ${CRS84} or ${BNG}`, filterCrs, undefined, 'filter-crs');
}
