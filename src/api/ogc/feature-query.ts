import { LAND_QUERYABLES, LAND_TEMPORAL_PROPERTY, landCql2, landSort } from '../../db/land-queryables.js';
import type { LandFilter } from '../../db/land.js';
import type { Predicate } from '../../ogc/cql2/ast.js';
import { FILTER_LANGS, filterSrid, parseFilter } from '../../ogc/cql2/filter.js';
import { Cql2Error } from '../../ogc/cql2/error.js';
import { datetimePredicate, parsePropertyNames, parseSortby } from '../../ogc/params.js';
import { landSite } from '../schemas/land.js';

/** What an items request asks beyond bbox and paging: Part 3's filter, Part 1's datetime, sortby, properties. */
export interface FeatureQuery {
  filter?: string;
  'filter-lang'?: string;
  'filter-crs'?: string;
  datetime?: string;
  sortby?: string;
  properties?: string;
}

/** A land feature's properties, as /api/land names them (everything but the geometry). */
export const LAND_FEATURE_PROPERTIES: readonly string[] = Object.keys(landSite.shape).filter((k) => k !== 'geometry');

/**
 * The query read into the land query's terms. Every refusal is a Cql2Error naming its parameter
 * and term, so the answer is a 400 in OGC's exception form.
 */
export function readFeatureQuery(q: FeatureQuery): {
  cql2?: LandFilter['cql2'];
  sort?: LandFilter['sort'];
  properties?: string[];
} {
  // Checked even without a filter, so a misspelt value is never silently ignored.
  const srid = filterSrid(q['filter-crs']);
  const lang = q['filter-lang'];
  if (lang !== undefined && !(FILTER_LANGS as readonly string[]).includes(lang))
    throw new Cql2Error(`filter-lang is ${FILTER_LANGS.join(' or ')}`, lang, undefined, 'filter-lang');
  const predicates: Predicate[] = [];
  if (q.filter !== undefined) predicates.push(parseFilter(q.filter, lang));
  if (q.datetime !== undefined) predicates.push(datetimePredicate(q.datetime, LAND_TEMPORAL_PROPERTY));
  const [only, ...more] = predicates;
  const tree: Predicate | undefined = only && more.length > 0 ? { kind: 'and', args: predicates } : only;
  return {
    ...(tree ? { cql2: landCql2(tree, srid) } : {}),
    ...(q.sortby !== undefined ? { sort: landSort(parseSortby(q.sortby, LAND_QUERYABLES)) } : {}),
    ...(q.properties !== undefined ? { properties: parsePropertyNames(q.properties, LAND_FEATURE_PROPERTIES) } : {}),
  };
}

/** A feature with only the chosen properties, in the order asked. */
export function withProperties<F extends { properties: Record<string, unknown> }>(
  feature: F,
  names: readonly string[] | undefined,
): F {
  if (!names) return feature;
  return { ...feature, properties: Object.fromEntries(names.map((n) => [n, feature.properties[n]])) };
}
