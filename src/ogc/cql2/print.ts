import type { Geometry, IntervalEnd, Operand, Position, Predicate } from './ast.js';
import { RESERVED } from './text.js';

/** Writes the shared tree back as CQL2 text or CQL2 JSON; parsing either gives the same tree again. */

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const name = (n: string): string =>
  /^[A-Za-z_][A-Za-z0-9_.:]*$/.test(n) && !RESERVED.has(n.toUpperCase()) ? n : `"${n.replaceAll('"', '""')}"`;

const position = (p: Position): string => `${p[0]} ${p[1]}`;
const list = <T>(items: T[], write: (item: T) => string): string => `(${items.map(write).join(', ')})`;

function wkt(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `POINT(${position(g.coordinates)})`;
    case 'MultiPoint':
      return `MULTIPOINT${list(g.coordinates, (p) => `(${position(p)})`)}`;
    case 'LineString':
      return `LINESTRING${list(g.coordinates, position)}`;
    case 'MultiLineString':
      return `MULTILINESTRING${list(g.coordinates, (l) => list(l, position))}`;
    case 'Polygon':
      return `POLYGON${list(g.coordinates, (r) => list(r, position))}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON${list(g.coordinates, (p) => list(p, (r) => list(r, position)))}`;
    case 'GeometryCollection':
      return `GEOMETRYCOLLECTION${list(g.geometries, wkt)}`;
  }
}

const end = (e: IntervalEnd): string => (e.kind === 'open' ? "'..'" : quote(e.value));

function operandText(o: Operand): string {
  switch (o.kind) {
    case 'property':
      return name(o.name);
    case 'string':
      return quote(o.value);
    case 'number':
      return String(o.value);
    case 'boolean':
      return o.value ? 'TRUE' : 'FALSE';
    case 'date':
      return `DATE(${quote(o.value)})`;
    case 'timestamp':
      return `TIMESTAMP(${quote(o.value)})`;
    case 'interval':
      return `INTERVAL(${end(o.start)}, ${end(o.end)})`;
    case 'geometry':
      return wkt(o.geometry);
    case 'bbox':
      return `BBOX(${o.bbox.join(', ')})`;
    case 'casei':
      return `CASEI(${operandText(o.arg)})`;
  }
}

export function printCql2Text(p: Predicate): string {
  switch (p.kind) {
    case 'and':
    case 'or':
      return `(${p.args.map(printCql2Text).join(p.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `NOT (${printCql2Text(p.arg)})`;
    case 'literal':
      return p.value ? 'TRUE' : 'FALSE';
    case 'comparison':
      return `${operandText(p.args[0])} ${p.op} ${operandText(p.args[1])}`;
    case 'like':
      return `${operandText(p.args[0])} LIKE ${operandText(p.args[1])}`;
    case 'between':
      return `${operandText(p.args[0])} BETWEEN ${operandText(p.args[1])} AND ${operandText(p.args[2])}`;
    case 'in':
      return `${operandText(p.value)} IN ${list(p.list, operandText)}`;
    case 'isNull':
      return `${operandText(p.arg)} IS NULL`;
    case 'spatial':
    case 'temporal':
      return `${p.op}(${operandText(p.args[0])}, ${operandText(p.args[1])})`;
    case 'dwithin':
      return `S_DWITHIN(${operandText(p.args[0])}, ${operandText(p.args[1])}, ${p.distanceM})`;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const endJson = (e: IntervalEnd): string => (e.kind === 'open' ? '..' : e.value);

function operandJson(o: Operand): Json {
  switch (o.kind) {
    case 'property':
      return { property: o.name };
    case 'string':
    case 'number':
    case 'boolean':
      return o.value;
    case 'date':
      return { date: o.value };
    case 'timestamp':
      return { timestamp: o.value };
    case 'interval':
      return { interval: [endJson(o.start), endJson(o.end)] };
    case 'geometry':
      return o.geometry as unknown as Json;
    case 'bbox':
      return { bbox: [...o.bbox] };
    case 'casei':
      return { op: 'casei', args: [operandJson(o.arg)] };
  }
}

export function printCql2Json(p: Predicate): Json {
  switch (p.kind) {
    case 'and':
    case 'or':
      return { op: p.kind, args: p.args.map(printCql2Json) };
    case 'not':
      return { op: 'not', args: [printCql2Json(p.arg)] };
    case 'literal':
      return p.value;
    case 'comparison':
      return { op: p.op, args: p.args.map(operandJson) };
    case 'like':
    case 'between':
      return { op: p.kind, args: p.args.map(operandJson) };
    case 'in':
      return { op: 'in', args: [operandJson(p.value), p.list.map(operandJson)] };
    case 'isNull':
      return { op: 'isNull', args: [operandJson(p.arg)] };
    case 'spatial':
    case 'temporal':
      return { op: p.op.toLowerCase(), args: p.args.map(operandJson) };
    case 'dwithin':
      return { op: 's_dwithin', args: [...p.args.map(operandJson), p.distanceM] };
  }
}
