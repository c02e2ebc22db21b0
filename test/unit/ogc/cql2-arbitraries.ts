import fc from 'fast-check';
import type { Geometry, Instant, IntervalEnd, Operand, Position, Predicate } from '../../../src/ogc/cql2/ast.js';
import { COMPARISON_OPS, SPATIAL_OPS, TEMPORAL_OPS } from '../../../src/ogc/cql2/ast.js';

/** Any tree the parsers can give, for round trips: every node kind, names that need quoting, any string. */

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => n + 0);
const position: fc.Arbitrary<Position> = fc.tuple(finite, finite);
const positions = (min: number) => fc.array(position, { minLength: min, maxLength: 4 });
const ring = fc.array(position, { minLength: 3, maxLength: 5 }).map((ps): Position[] => [...ps, ps[0] as Position]);

const simpleGeometry: fc.Arbitrary<Geometry> = fc.oneof(
  position.map((coordinates): Geometry => ({ type: 'Point', coordinates })),
  positions(1).map((coordinates): Geometry => ({ type: 'MultiPoint', coordinates })),
  positions(2).map((coordinates): Geometry => ({ type: 'LineString', coordinates })),
  fc
    .array(positions(2), { minLength: 1, maxLength: 2 })
    .map((coordinates): Geometry => ({ type: 'MultiLineString', coordinates })),
  fc.array(ring, { minLength: 1, maxLength: 2 }).map((coordinates): Geometry => ({ type: 'Polygon', coordinates })),
  fc
    .array(fc.array(ring, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 })
    .map((coordinates): Geometry => ({ type: 'MultiPolygon', coordinates })),
);
export const geometry: fc.Arbitrary<Geometry> = fc.oneof(
  simpleGeometry,
  fc
    .array(simpleGeometry, { minLength: 1, maxLength: 3 })
    .map((geometries): Geometry => ({ type: 'GeometryCollection', geometries })),
);

const day = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2100-12-31T23:59:59Z'),
  noInvalidDate: true,
});
export const instant: fc.Arbitrary<Instant> = fc.oneof(
  day.map((d): Instant => ({ kind: 'date', value: d.toISOString().slice(0, 10) })),
  day.map((d): Instant => ({ kind: 'timestamp', value: d.toISOString() })),
);
const intervalEnd: fc.Arbitrary<IntervalEnd> = fc.oneof(instant, fc.constant({ kind: 'open' } as const));

const name = fc.oneof(
  fc.constantFrom('name', 'homes', 'siteAreaHa', 'releasedOn', 'geometry', 'a.b:c', '_x1'),
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.constantFrom('AND', 'not', 'Date', 'POINT', 'S_INTERSECTS'),
);

const leaf: fc.Arbitrary<Operand> = fc.oneof(
  name.map((n): Operand => ({ kind: 'property', name: n })),
  fc.string({ maxLength: 10 }).map((value): Operand => ({ kind: 'string', value })),
  finite.map((value): Operand => ({ kind: 'number', value })),
  fc.boolean().map((value): Operand => ({ kind: 'boolean', value })),
  instant,
  fc.tuple(intervalEnd, intervalEnd).map(([start, end]): Operand => ({ kind: 'interval', start, end })),
  geometry.map((g): Operand => ({ kind: 'geometry', geometry: g })),
  fc.tuple(finite, finite, finite, finite).map((bbox): Operand => ({ kind: 'bbox', bbox })),
);
export const operand: fc.Arbitrary<Operand> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: leaf.map((arg): Operand => ({ kind: 'casei', arg })) },
);

export const predicate: fc.Arbitrary<Predicate> = fc.letrec<{ p: Predicate }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .constantFrom(...COMPARISON_OPS)
      .chain((op) => fc.tuple(operand, operand).map(([a, b]): Predicate => ({ kind: 'comparison', op, args: [a, b] }))),
    fc.tuple(operand, operand).map((args): Predicate => ({ kind: 'like', args })),
    fc.tuple(operand, operand, operand).map((args): Predicate => ({ kind: 'between', args })),
    fc
      .tuple(operand, fc.array(operand, { minLength: 1, maxLength: 3 }))
      .map(([value, list]): Predicate => ({ kind: 'in', value, list })),
    operand.map((arg): Predicate => ({ kind: 'isNull', arg })),
    fc.boolean().map((value): Predicate => ({ kind: 'literal', value })),
    fc
      .tuple(fc.constantFrom(...SPATIAL_OPS), operand, operand)
      .map(([op, a, b]): Predicate => ({ kind: 'spatial', op, args: [a, b] })),
    fc
      .tuple(operand, operand, finite)
      .map(([a, b, distanceM]): Predicate => ({ kind: 'dwithin', args: [a, b], distanceM })),
    fc
      .tuple(fc.constantFrom(...TEMPORAL_OPS), operand, operand)
      .map(([op, a, b]): Predicate => ({ kind: 'temporal', op, args: [a, b] })),
    tie('p').map((arg): Predicate => ({ kind: 'not', arg })),
    fc.array(tie('p'), { minLength: 2, maxLength: 3 }).map((args): Predicate => ({ kind: 'and', args })),
    fc.array(tie('p'), { minLength: 2, maxLength: 3 }).map((args): Predicate => ({ kind: 'or', args })),
  ),
})).p;
