import { sql, type RawBuilder } from 'kysely';
import type { ComparisonOp, Geometry, Instant, IntervalEnd, Operand, Position, Predicate, TemporalOp } from './ast.js';
import { LIMITS } from './ast.js';
import { Cql2Error } from './error.js';
import type { QueryableSpec } from './queryables.js';

/**
 * A CQL2 tree as one SQL condition. Every literal is a bound parameter; the only SQL text that is
 * not ours is none: property names are looked up in the queryables map (refused when absent), and
 * the column expression comes from that map, written by us. Types are checked on the way, so a
 * filter that compares a date with a number is the caller's 400, not the database's error.
 */

export interface SqlQueryable extends QueryableSpec {
  /** The property as an SQL expression in the query the condition is put into. */
  column: RawBuilder<unknown>;
}
export type SqlQueryables = Readonly<Record<string, SqlQueryable>>;

/** The CRS a filter's geometry literals are in (filter-crs): CRS84 lon/lat, or British National Grid metres. */
export type FilterSrid = 4326 | 27700;

/** Every geometry we store is in British National Grid (DESIGN.md): literals are brought to it, never the column. */
const STORAGE_SRID = 27700;

type Kind = 'string' | 'number' | 'boolean' | 'date' | 'timestamp' | 'interval' | 'geometry';

interface Typed {
  kind: Kind;
  expr: RawBuilder<unknown>;
  /** How the caller wrote it, for errors. */
  term: string;
}

const termOf = (o: Operand): string => {
  switch (o.kind) {
    case 'property':
      return o.name;
    case 'string':
      return `'${o.value}'`;
    case 'number':
    case 'boolean':
      return String(o.value);
    case 'date':
    case 'timestamp':
      return `${o.kind.toUpperCase()}('${o.value}')`;
    case 'interval':
      return 'INTERVAL(…)';
    case 'geometry':
      return o.geometry.type.toUpperCase();
    case 'bbox':
      return `BBOX(${o.bbox.join(', ')})`;
    case 'casei':
      return `CASEI(${termOf(o.arg)})`;
  }
};

class Translator {
  constructor(
    private readonly queryables: SqlQueryables,
    private readonly filterSrid: FilterSrid,
  ) {}

  predicate(p: Predicate): RawBuilder<boolean> {
    switch (p.kind) {
      case 'and':
      case 'or':
        return sql<boolean>`(${sql.join(
          p.args.map((a) => this.predicate(a)),
          p.kind === 'and' ? sql` AND ` : sql` OR `,
        )})`;
      case 'not':
        return sql<boolean>`(NOT ${this.predicate(p.arg)})`;
      case 'literal':
        return p.value ? sql<boolean>`TRUE` : sql<boolean>`FALSE`;
      case 'comparison':
        return this.comparison(p.op, this.operand(p.args[0]), this.operand(p.args[1]));
      case 'like': {
        const [value, pattern] = p.args.map((a) => this.operand(a));
        if (!value || !pattern) throw new Error('like has two operands');
        this.expect(value, ['string'], 'LIKE');
        this.expect(pattern, ['string'], 'LIKE');
        return sql<boolean>`(${value.expr} LIKE ${pattern.expr})`;
      }
      case 'between': {
        const [value, low, high] = p.args.map((a) => this.operand(a));
        if (!value || !low || !high) throw new Error('between has three operands');
        for (const o of [value, low, high]) this.expect(o, ['number'], 'BETWEEN');
        return sql<boolean>`(${value.expr} BETWEEN ${low.expr} AND ${high.expr})`;
      }
      case 'in': {
        const value = this.operand(p.value);
        this.expect(value, ['string', 'number', 'boolean', 'date', 'timestamp'], 'IN');
        const list = p.list.map((o) => this.operand(o));
        for (const o of list) this.sameKind(value, o, 'IN');
        return sql<boolean>`(${value.expr} IN (${sql.join(list.map((o) => o.expr))}))`;
      }
      case 'isNull': {
        const value = this.operand(p.arg);
        return sql<boolean>`(${value.expr} IS NULL)`;
      }
      case 'spatial': {
        const [a, b] = p.args.map((o) => this.operand(o));
        if (!a || !b) throw new Error('spatial functions have two operands');
        this.expect(a, ['geometry'], p.op);
        this.expect(b, ['geometry'], p.op);
        const fn = SPATIAL_SQL[p.op];
        // ST_Disjoint cannot use the index; NOT ST_Intersects says the same and can.
        if (p.op === 'S_DISJOINT') return sql<boolean>`(NOT ST_Intersects(${a.expr}, ${b.expr}))`;
        return sql<boolean>`${sql.raw(fn)}(${a.expr}, ${b.expr})`;
      }
      case 'dwithin': {
        const [a, b] = p.args.map((o) => this.operand(o));
        if (!a || !b) throw new Error('S_DWITHIN has two geometries');
        this.expect(a, ['geometry'], 'S_DWITHIN');
        this.expect(b, ['geometry'], 'S_DWITHIN');
        if (!(p.distanceM >= 0 && p.distanceM <= LIMITS.distanceM))
          throw new Cql2Error(`S_DWITHIN's distance is metres, 0 to ${LIMITS.distanceM}`, String(p.distanceM));
        return sql<boolean>`ST_DWithin(${a.expr}, ${b.expr}, ${p.distanceM}::float8)`;
      }
      case 'temporal':
        return this.temporal(p.op, p.args[0], p.args[1]);
    }
  }

  private operand(o: Operand): Typed {
    const term = termOf(o);
    switch (o.kind) {
      case 'property': {
        const q = Object.hasOwn(this.queryables, o.name) ? this.queryables[o.name] : undefined;
        if (!q)
          throw new Cql2Error(
            `unknown property ${o.name}; the queryables are ${Object.keys(this.queryables).join(', ')}`,
            o.name,
          );
        const kind: Kind = q.type === 'integer' ? 'number' : q.type;
        return { kind, expr: sql`(${q.column})`, term };
      }
      case 'string':
        return { kind: 'string', expr: sql`${o.value}::text`, term };
      case 'number':
        return { kind: 'number', expr: sql`${o.value}::float8`, term };
      case 'boolean':
        return { kind: 'boolean', expr: sql`${o.value}::boolean`, term };
      case 'date':
        return { kind: 'date', expr: sql`${o.value}::date`, term };
      case 'timestamp':
        return { kind: 'timestamp', expr: sql`${o.value}::timestamptz`, term };
      case 'interval':
        return { kind: 'interval', expr: sql`NULL`, term };
      case 'geometry':
        return { kind: 'geometry', expr: this.geometry(o.geometry), term };
      case 'bbox':
        return { kind: 'geometry', expr: this.bbox(o.bbox), term };
      case 'casei': {
        const inner = this.operand(o.arg);
        this.expect(inner, ['string'], 'CASEI');
        return { kind: 'string', expr: sql`lower(${inner.expr})`, term };
      }
    }
  }

  private expect(o: Typed, kinds: Kind[], where: string): void {
    if (!kinds.includes(o.kind))
      throw new Cql2Error(`${where} takes ${kinds.join(' or ')}, and ${o.term} is ${article(o.kind)}`, o.term);
  }

  private sameKind(a: Typed, b: Typed, where: string): void {
    const temporal = (k: Kind): boolean => k === 'date' || k === 'timestamp';
    if (a.kind === b.kind || (temporal(a.kind) && temporal(b.kind))) return;
    throw new Cql2Error(`${where} compares ${a.term} (${a.kind}) with ${b.term} (${b.kind})`, b.term);
  }

  private comparison(op: ComparisonOp, a: Typed, b: Typed): RawBuilder<boolean> {
    this.expect(a, ['string', 'number', 'boolean', 'date', 'timestamp'], op);
    this.sameKind(a, b, op);
    if (a.kind === 'boolean' && op !== '=' && op !== '<>')
      throw new Cql2Error(`${op} does not order booleans; use = or <>`, op);
    const [x, y] = a.kind === b.kind ? [a.expr, b.expr] : [instantSql(a), instantSql(b)];
    return sql<boolean>`(${x} ${sql.raw(COMPARISON_SQL[op])} ${y})`;
  }

  private temporal(op: TemporalOp, left: Operand, right: Operand): RawBuilder<boolean> {
    const a = this.temporalSide(left, op);
    const b = this.temporalSide(right, op);
    if (a.interval && b.interval)
      throw new Cql2Error(`${op} compares two intervals; one side must be a date property`, termOf(right));
    if (!a.interval && !b.interval) {
      const mixed = a.value.kind !== b.value.kind;
      const [x, y] = mixed ? [instantSql(a.value), instantSql(b.value)] : [a.value.expr, b.value.expr];
      const relation = { T_AFTER: '>', T_BEFORE: '<', T_INTERSECTS: '=', T_EQUALS: '=', T_DISJOINT: '<>' }[op];
      return sql<boolean>`(${x} ${sql.raw(relation)} ${y})`;
    }
    // One instant against one interval: Allen's relations reduce to comparisons with the ends.
    const instant = a.interval ? b.value : a.value;
    const interval = a.interval ?? b.interval;
    if (!interval) throw new Error('one side is an interval');
    const at = instantSql(instant);
    const start = interval.start.kind === 'open' ? null : instantSql(this.instantLiteral(interval.start));
    const end = interval.end.kind === 'open' ? null : instantSql(this.instantLiteral(interval.end));
    // A missing date is unknown, never false: NOT T_INTERSECTS(releasedOn, …) must not select the
    // sites without one, as NOT (releasedOn > …) does not.
    const known = (condition: RawBuilder<unknown>): RawBuilder<boolean> =>
      sql<boolean>`(CASE WHEN ${at} IS NULL THEN NULL ELSE ${condition} END)`;
    const ends = [...(start ? [sql`${at} >= ${start}`] : []), ...(end ? [sql`${at} <= ${end}`] : [])];
    const within = ends.length > 0 ? sql`(${sql.join(ends, sql` AND `)})` : sql`TRUE`;
    // T_AFTER(instant, interval): after its end; T_AFTER(interval, instant): its start is after the instant.
    const instantFirst = a.interval === null;
    switch (op) {
      case 'T_INTERSECTS':
        return known(within);
      case 'T_DISJOINT':
        return known(sql`NOT ${within}`);
      case 'T_AFTER':
        if (instantFirst) return end ? sql<boolean>`(${at} > ${end})` : known(sql`FALSE`);
        return start ? sql<boolean>`(${start} > ${at})` : known(sql`FALSE`);
      case 'T_BEFORE':
        if (instantFirst) return start ? sql<boolean>`(${at} < ${start})` : known(sql`FALSE`);
        return end ? sql<boolean>`(${end} < ${at})` : known(sql`FALSE`);
      case 'T_EQUALS':
        throw new Cql2Error('T_EQUALS compares an instant with an instant, not with an interval', termOf(right));
    }
  }

  private temporalSide(
    o: Operand,
    op: TemporalOp,
  ): { interval: { start: IntervalEnd; end: IntervalEnd } | null; value: Typed } {
    if (o.kind === 'interval')
      return {
        interval: { start: o.start, end: o.end },
        value: { kind: 'interval', expr: sql`NULL`, term: termOf(o) },
      };
    const value = this.operand(o);
    this.expect(value, ['date', 'timestamp'], op);
    return { interval: null, value };
  }

  private instantLiteral(i: Instant): Typed {
    return this.operand(i);
  }

  private geometry(g: Geometry): RawBuilder<unknown> {
    forEachPosition(g, (p) => this.checkPosition(p));
    const literal = sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), ${this.filterSrid}::int)`;
    return this.toStorage(literal);
  }

  private bbox([minX, minY, maxX, maxY]: [number, number, number, number]): RawBuilder<unknown> {
    const term = `BBOX(${minX}, ${minY}, ${maxX}, ${maxY})`;
    if (minX > maxX || minY > maxY) throw new Cql2Error("a BBOX's minimum is greater than its maximum", term);
    this.checkPosition([minX, minY]);
    this.checkPosition([maxX, maxY]);
    return this.toStorage(
      sql`ST_MakeEnvelope(${minX}::float8, ${minY}::float8, ${maxX}::float8, ${maxY}::float8, ${this.filterSrid}::int)`,
    );
  }

  /** Lon/lat edges are densified before transforming, so the literal's curved outline in BNG is followed. */
  private toStorage(literal: RawBuilder<unknown>): RawBuilder<unknown> {
    if (this.filterSrid === STORAGE_SRID) return literal;
    return sql`ST_Transform(ST_Segmentize(${literal}, 0.01), ${STORAGE_SRID}::int)`;
  }

  private checkPosition([x, y]: Position): void {
    const lonLat = this.filterSrid === 4326;
    const inside = lonLat
      ? Math.abs(x) <= 180 && Math.abs(y) <= 90
      : Math.abs(x) <= 10_000_000 && Math.abs(y) <= 10_000_000;
    if (!inside)
      throw new Cql2Error(
        lonLat
          ? `${x} ${y} is not longitude then latitude (CRS84); set filter-crs for metres in British National Grid`
          : `${x} ${y} is outside British National Grid`,
        `${x} ${y}`,
      );
  }
}

/** Operators are written from these tables, never from the filter's own text. */
const COMPARISON_SQL: Record<ComparisonOp, string> = {
  '=': '=',
  '<>': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const SPATIAL_SQL = {
  S_INTERSECTS: 'ST_Intersects',
  S_EQUALS: 'ST_Equals',
  S_DISJOINT: 'ST_Disjoint',
  S_TOUCHES: 'ST_Touches',
  S_WITHIN: 'ST_Within',
  S_OVERLAPS: 'ST_Overlaps',
  S_CROSSES: 'ST_Crosses',
  S_CONTAINS: 'ST_Contains',
} as const;

const article = (kind: Kind): string => (kind === 'interval' ? 'an interval' : `a ${kind}`);

/** A date or timestamp as an instant in UTC, so the two compare without the session's time zone. */
function instantSql(t: Typed): RawBuilder<unknown> {
  return t.kind === 'date' ? sql`((${t.expr})::timestamp AT TIME ZONE 'UTC')` : t.expr;
}

function forEachPosition(g: Geometry, visit: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      visit(g.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      g.coordinates.forEach(visit);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const line of g.coordinates) line.forEach(visit);
      return;
    case 'MultiPolygon':
      for (const polygon of g.coordinates) for (const ring of polygon) ring.forEach(visit);
      return;
    case 'GeometryCollection':
      for (const member of g.geometries) forEachPosition(member, visit);
      return;
  }
}

/**
 * The filter as one SQL condition over `queryables`, its geometry literals read in `filterSrid`.
 * Refuses (Cql2Error, a 400) an unknown property, a type mismatch or a literal outside its CRS.
 */
export function cql2ToSql(
  filter: Predicate,
  queryables: SqlQueryables,
  options: { filterSrid: FilterSrid },
): RawBuilder<boolean> {
  return new Translator(queryables, options.filterSrid).predicate(filter);
}
