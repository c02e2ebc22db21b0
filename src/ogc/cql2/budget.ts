import { LIMITS, type Geometry, type Position } from './ast.js';
import { Cql2Error } from './error.js';

/**
 * What one filter has spent of LIMITS while it is read: nodes, coordinate pairs and nesting.
 * Both parsers charge it as they go, so a hostile filter is refused before it is built whole.
 */
export class Budget {
  private nodes = 0;
  private positions = 0;

  node(term: string, position?: number): void {
    this.nodes += 1;
    if (this.nodes > LIMITS.nodes)
      throw new Cql2Error(`the filter has more than ${LIMITS.nodes} terms`, term, position);
  }

  deeper(depth: number, term: string, position?: number): number {
    if (depth + 1 > LIMITS.depth)
      throw new Cql2Error(`the filter is nested more than ${LIMITS.depth} levels deep`, term, position);
    return depth + 1;
  }

  coordinates(count: number, term: string, position?: number): void {
    this.positions += count;
    if (this.positions > LIMITS.positions)
      throw new Cql2Error(`the filter's geometries have more than ${LIMITS.positions} positions`, term, position);
  }
}

export function checkLength(text: string): void {
  if (text.length > LIMITS.filterChars)
    throw new Cql2Error(
      `the filter is ${text.length} characters; at most ${LIMITS.filterChars} are read`,
      `${text.slice(0, 40)}…`,
    );
}

const formatPosition = (p: Position): string => `${p[0]} ${p[1]}`;

/**
 * A geometry PostGIS will take: finite coordinates, lines of two positions or more, rings of four or
 * more that close. Anything else would reach the database as an error of its own (a 500), not the
 * caller's 400.
 */
export function checkGeometry(geometry: Geometry, position?: number): void {
  const line = (positions: Position[], what: string, minimum: number): void => {
    const first = positions[0];
    if (positions.length < minimum || !first)
      throw new Cql2Error(
        `a ${what} needs at least ${minimum} positions`,
        positions.map(formatPosition).join(', '),
        position,
      );
    for (const p of positions)
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
        throw new Cql2Error('a coordinate is not a finite number', formatPosition(p), position);
    if (what === 'polygon ring') {
      const last = positions[positions.length - 1] ?? first;
      if (last[0] !== first[0] || last[1] !== first[1])
        throw new Cql2Error(
          'a polygon ring must end where it starts',
          `${formatPosition(first)} … ${formatPosition(last)}`,
          position,
        );
    }
  };
  const polygon = (rings: Position[][]): void => {
    if (rings.length === 0) throw new Cql2Error('a polygon needs a ring', 'POLYGON', position);
    for (const ring of rings) line(ring, 'polygon ring', 4);
  };
  switch (geometry.type) {
    case 'Point':
      line([geometry.coordinates], 'point', 1);
      return;
    case 'MultiPoint':
      line(geometry.coordinates, 'multipoint', 1);
      return;
    case 'LineString':
      line(geometry.coordinates, 'line', 2);
      return;
    case 'MultiLineString':
      if (geometry.coordinates.length === 0) throw new Cql2Error('a multilinestring needs a line', 'MULTILINESTRING');
      for (const l of geometry.coordinates) line(l, 'line', 2);
      return;
    case 'Polygon':
      polygon(geometry.coordinates);
      return;
    case 'MultiPolygon':
      if (geometry.coordinates.length === 0) throw new Cql2Error('a multipolygon needs a polygon', 'MULTIPOLYGON');
      for (const p of geometry.coordinates) polygon(p);
      return;
    case 'GeometryCollection':
      if (geometry.geometries.length === 0)
        throw new Cql2Error('a geometry collection needs a geometry', 'GEOMETRYCOLLECTION');
      for (const g of geometry.geometries) checkGeometry(g, position);
      return;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** A real calendar date, YYYY-MM-DD. */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** An RFC 3339 instant in UTC, as CQL2 writes TIMESTAMP literals. */
export function isTimestamp(text: string): boolean {
  return TIMESTAMP.test(text) && isDate(text.slice(0, 10)) && !Number.isNaN(Date.parse(text));
}
