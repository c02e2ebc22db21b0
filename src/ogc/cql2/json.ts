import {
  COMPARISON_OPS,
  SPATIAL_OPS,
  TEMPORAL_OPS,
  type ComparisonOp,
  type Geometry,
  type IntervalEnd,
  type Operand,
  type Position,
  type Predicate,
  type SpatialOp,
  type TemporalOp,
} from './ast.js';
import { Budget, checkGeometry, checkLength, isDate, isTimestamp } from './budget.js';
import { Cql2Error } from './error.js';

/** CQL2 JSON (OGC 21-065 §9 and its JSON Schema) read into the same tree as CQL2 text. */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

class JsonReader {
  private readonly budget = new Budget();

  predicate(node: unknown, depth: number): Predicate {
    this.budget.node(show(node));
    if (typeof node === 'boolean') return { kind: 'literal', value: node };
    if (!isObject(node) || typeof node.op !== 'string' || !Array.isArray(node.args))
      throw new Cql2Error('expected a predicate: {"op": …, "args": […]}', show(node));
    const op = node.op.toLowerCase();
    const args: unknown[] = node.args;
    const inner = this.budget.deeper(depth, node.op);
    const arity = (n: number): void => {
      if (args.length !== n) throw new Cql2Error(`"${node.op}" takes ${n} arguments`, show(node));
    };
    if (op === 'and' || op === 'or') {
      if (args.length < 2) throw new Cql2Error(`"${op}" takes two or more predicates`, show(node));
      return { kind: op, args: args.map((a) => this.predicate(a, inner)) };
    }
    if (op === 'not') {
      arity(1);
      return { kind: 'not', arg: this.predicate(args[0], inner) };
    }
    if ((COMPARISON_OPS as readonly string[]).includes(op)) {
      arity(2);
      return {
        kind: 'comparison',
        op: op as ComparisonOp,
        args: [this.operand(args[0], inner), this.operand(args[1], inner)],
      };
    }
    if (op === 'like') {
      arity(2);
      return { kind: 'like', args: [this.operand(args[0], inner), this.operand(args[1], inner)] };
    }
    if (op === 'between') {
      arity(3);
      return {
        kind: 'between',
        args: [this.operand(args[0], inner), this.operand(args[1], inner), this.operand(args[2], inner)],
      };
    }
    if (op === 'in') {
      arity(2);
      const list = args[1];
      if (!Array.isArray(list) || list.length === 0)
        throw new Cql2Error('"in" takes a value and a non-empty list', show(node));
      return {
        kind: 'in',
        value: this.operand(args[0], inner),
        list: list.map((v: unknown) => this.operand(v, inner)),
      };
    }
    if (op === 'isnull') {
      arity(1);
      return { kind: 'isNull', arg: this.operand(args[0], inner) };
    }
    const upper = op.toUpperCase();
    if ((SPATIAL_OPS as readonly string[]).includes(upper)) {
      arity(2);
      return {
        kind: 'spatial',
        op: upper as SpatialOp,
        args: [this.operand(args[0], inner), this.operand(args[1], inner)],
      };
    }
    if ((TEMPORAL_OPS as readonly string[]).includes(upper)) {
      arity(2);
      return {
        kind: 'temporal',
        op: upper as TemporalOp,
        args: [this.operand(args[0], inner), this.operand(args[1], inner)],
      };
    }
    if (upper === 'S_DWITHIN') {
      arity(3);
      const distance = args[2];
      if (typeof distance !== 'number')
        throw new Cql2Error('"s_dwithin" takes a distance in metres as its third argument', show(distance));
      return {
        kind: 'dwithin',
        args: [this.operand(args[0], inner), this.operand(args[1], inner)],
        distanceM: distance + 0,
      };
    }
    throw new Cql2Error(`unknown operator or function "${node.op}"`, node.op);
  }

  private operand(node: unknown, depth: number): Operand {
    this.budget.node(show(node));
    if (typeof node === 'string') return { kind: 'string', value: node };
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) throw new Cql2Error('a number must be finite', show(node));
      return { kind: 'number', value: node + 0 };
    }
    if (typeof node === 'boolean') return { kind: 'boolean', value: node };
    if (!isObject(node)) throw new Cql2Error('expected a property, a value or a function', show(node));
    const keys = Object.keys(node);
    const only = (key: string): unknown => {
      if (keys.length !== 1) throw new Cql2Error(`"${key}" stands alone in its object`, show(node));
      return node[key];
    };
    if ('property' in node) {
      const name = only('property');
      if (typeof name !== 'string' || name === '') throw new Cql2Error('a property name is a string', show(node));
      return { kind: 'property', name };
    }
    if ('date' in node || 'timestamp' in node) {
      const kind = 'date' in node ? 'date' : 'timestamp';
      return this.instant(kind, only(kind));
    }
    if ('interval' in node) {
      const ends = only('interval');
      if (!Array.isArray(ends) || ends.length !== 2)
        throw new Cql2Error('an interval is two ends: ["start", "end"], ".." for open', show(node));
      return { kind: 'interval', start: this.intervalEnd(ends[0]), end: this.intervalEnd(ends[1]) };
    }
    if ('bbox' in node) {
      const bbox = only('bbox');
      if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every((n) => typeof n === 'number' && Number.isFinite(n)))
        throw new Cql2Error('a bbox is four numbers: [minX, minY, maxX, maxY]', show(node));
      const [a = 0, b = 0, c = 0, d = 0] = bbox as number[];
      return { kind: 'bbox', bbox: [a, b, c, d] };
    }
    if ('op' in node) {
      if (typeof node.op === 'string' && node.op.toLowerCase() === 'casei' && Array.isArray(node.args)) {
        if (node.args.length !== 1) throw new Cql2Error('"casei" takes one argument', show(node));
        return { kind: 'casei', arg: this.operand(node.args[0], this.budget.deeper(depth, 'casei')) };
      }
      throw new Cql2Error(`unknown function "${String(node.op)}"`, String(node.op));
    }
    if ('type' in node) {
      const geometry = this.geometry(node, this.budget.deeper(depth, String(node.type)));
      checkGeometry(geometry);
      return { kind: 'geometry', geometry };
    }
    throw new Cql2Error('expected a property, a value or a function', show(node));
  }

  private instant(kind: 'date' | 'timestamp', value: unknown): Operand & IntervalEnd {
    if (typeof value !== 'string' || (kind === 'date' ? !isDate(value) : !isTimestamp(value)))
      throw new Cql2Error(
        kind === 'date' ? 'a date is "YYYY-MM-DD"' : 'a timestamp is "YYYY-MM-DDThh:mm:ss[.fff]Z", in UTC',
        show(value),
      );
    return { kind, value };
  }

  private intervalEnd(value: unknown): IntervalEnd {
    if (value === '..') return { kind: 'open' };
    if (isObject(value) && ('date' in value || 'timestamp' in value)) {
      const kind = 'date' in value ? 'date' : 'timestamp';
      return this.instant(kind, value[kind]);
    }
    if (typeof value === 'string') return this.instant(value.includes('T') ? 'timestamp' : 'date', value);
    throw new Cql2Error("an interval end is a date, a timestamp or '..'", show(value));
  }

  private positions(value: unknown, levels: number): unknown {
    if (levels === 0) {
      if (!Array.isArray(value) || value.length < 2 || !value.every((n) => typeof n === 'number'))
        throw new Cql2Error('a position is [x, y]', show(value));
      if (value.length !== 2) throw new Cql2Error('only two-dimensional coordinates are read', show(value));
      this.budget.coordinates(1, show(value));
      return [value[0], value[1]] as Position;
    }
    if (!Array.isArray(value)) throw new Cql2Error('expected an array of coordinates', show(value));
    return value.map((v: unknown) => this.positions(v, levels - 1));
  }

  private geometry(node: Record<string, unknown>, depth: number): Geometry {
    const levels = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
    const type = node.type;
    if (type === 'GeometryCollection') {
      if (!Array.isArray(node.geometries)) throw new Cql2Error('a GeometryCollection has "geometries"', show(node));
      return {
        type,
        geometries: node.geometries.map((g: unknown) => {
          this.budget.node(show(g));
          if (!isObject(g)) throw new Cql2Error('expected a GeoJSON geometry', show(g));
          return this.geometry(g, this.budget.deeper(depth, String(g.type)));
        }),
      };
    }
    if (typeof type !== 'string' || !(type in levels))
      throw new Cql2Error(`unknown geometry type ${show(type)}`, show(type));
    return { type, coordinates: this.positions(node.coordinates, levels[type as keyof typeof levels]) } as Geometry;
  }
}

/** Parses CQL2 JSON (as text, or already parsed) into the shared tree. */
export function parseCql2Json(filter: unknown): Predicate {
  let value = filter;
  if (typeof filter === 'string') {
    checkLength(filter);
    try {
      value = JSON.parse(filter);
    } catch (e) {
      throw new Cql2Error(`the filter is not JSON: ${(e as Error).message}`, filter.slice(0, 40));
    }
  }
  return new JsonReader().predicate(value, 0);
}
