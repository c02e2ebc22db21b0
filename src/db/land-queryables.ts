import { sql } from 'kysely';
import type { Predicate } from '../ogc/cql2/ast.js';
import { printCql2Json } from '../ogc/cql2/print.js';
import { cql2ToSql, type FilterSrid, type SqlQueryables } from '../ogc/cql2/sql.js';
import type { SortKey } from '../ogc/params.js';
import { releasedOnSql, type LandFilter } from './land.js';

/** The land collections' temporal property, the one `datetime` is read against. */
export const LAND_TEMPORAL_PROPERTY = 'releasedOn';

const RELEASED_ON_MEANS = 'the date the sale completed; empty while the site is in the pipeline';

/**
 * What a CQL2 filter on released and pipeline land may name, as columns of the land query in
 * land.ts (aliases: s sites, b boroughs, c the site's latest case, v its latest valuation). Homes
 * are housing's figure; no valuation figure is queryable, so no filter can probe one. Dates are read
 * in the session's time zone, as the land answers print them.
 */
export const LAND_QUERYABLES: SqlQueryables = {
  siteId: { type: 'integer', title: 'Site id', column: sql`s.id` },
  sourceRef: {
    type: 'string',
    title: 'Source reference',
    description: 'the register’s own reference',
    column: sql`s.source_ref`,
  },
  name: { type: 'string', title: 'Site name', column: sql`s.name` },
  postcode: { type: 'string', title: 'Postcode', column: sql`s.postcode` },
  borough: { type: 'string', title: 'Borough (GSS code)', column: sql`s.borough_gss` },
  boroughName: { type: 'string', title: 'Borough name', column: sql`b.name` },
  subRegion: { type: 'string', title: 'London sub-region', column: sql`s.sub_region` },
  stage: { type: 'string', title: 'Disposal stage', column: sql`c.stage` },
  siteAreaHa: { type: 'number', title: 'Site area (hectares)', column: sql`s.site_area_ha` },
  outlineAreaHa: {
    type: 'number',
    title: 'Area of the outline (hectares)',
    description: 'measured in British National Grid; empty when no outline is known',
    column: sql`s.outline_area_ha`,
  },
  homes: { type: 'integer', title: 'Housing capacity (homes)', column: sql`v.homes` },
  caseOpenedOn: { type: 'date', title: 'Case opened on', column: sql`c.opened_at::date` },
  releasedOn: { type: 'date', title: 'Released on', description: RELEASED_ON_MEANS, column: releasedOnSql() },
  updatedOn: { type: 'date', title: 'Record updated on', column: sql`s.updated_at::date` },
  // The point, not the outline: a filter on it runs on the sites GiST index (an expression over
  // the outline and the point would not), and every site has one.
  geometry: {
    type: 'geometry',
    title: 'Location (British National Grid)',
    description: 'the site’s point; a features’ geometry is its outline where one is known',
    column: sql`s.geom`,
  },
};

/** A parsed filter as the land query takes it; refuses (Cql2Error) what LAND_QUERYABLES cannot answer. */
export function landCql2(filter: Predicate, filterSrid: FilterSrid): NonNullable<LandFilter['cql2']> {
  return {
    key: `${filterSrid}:${JSON.stringify(printCql2Json(filter))}`,
    where: cql2ToSql(filter, LAND_QUERYABLES, { filterSrid }),
  };
}

/** `sortby` keys as the land query takes them: each queryable's column, with the keys' text for cache keys. */
export function landSort(keys: readonly SortKey[]): NonNullable<LandFilter['sort']> {
  return {
    key: keys.map((k) => `${k.descending ? '-' : '+'}${k.property}`).join(','),
    columns: keys.map((k) => {
      const queryable = LAND_QUERYABLES[k.property];
      if (!queryable) throw new Error(`sort key ${k.property} was not checked against LAND_QUERYABLES`);
      return { column: queryable.column, descending: k.descending };
    }),
  };
}
