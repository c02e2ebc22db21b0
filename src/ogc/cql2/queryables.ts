/**
 * What a collection lets a filter name (OGC API – Features Part 3, Queryables): each property's
 * type, title and description. Kept apart from the SQL that reads them, so the queryables document
 * is made from the same table the filter is checked against.
 */
export type QueryableType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'timestamp' | 'geometry';

export interface QueryableSpec {
  type: QueryableType;
  title: string;
  description?: string;
}

const SCHEMA: Record<QueryableType, Record<string, string>> = {
  string: { type: 'string' },
  number: { type: 'number' },
  integer: { type: 'integer' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  timestamp: { type: 'string', format: 'date-time' },
  geometry: { format: 'geometry-any' },
};

/** The queryables resource: a JSON Schema (2020-12) of the properties a filter may name. */
export function queryablesDocument(
  specs: Readonly<Record<string, QueryableSpec>>,
  about: { id: string; title: string },
): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: about.id,
    type: 'object',
    title: about.title,
    properties: Object.fromEntries(
      Object.entries(specs).map(([name, spec]) => [
        name,
        {
          title: spec.title,
          ...(spec.description ? { description: spec.description } : {}),
          ...SCHEMA[spec.type],
        },
      ]),
    ),
    additionalProperties: false,
  };
}
