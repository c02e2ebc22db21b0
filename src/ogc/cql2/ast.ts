/**
 * One tree for a CQL2 filter (OGC 21-065), whichever encoding it came in: CQL2 text and CQL2 JSON
 * both parse to it, and both printers write it back, so the two encodings cannot mean different things.
 * Positions are two-dimensional, in the filter's CRS (filter-crs: CRS84 lon/lat or EPSG:27700 metres).
 */
export type Position = [number, number];

export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Geometry[] };

/** A calendar date (YYYY-MM-DD) or an instant (RFC 3339, UTC); '..' is an open end of an interval. */
export type Instant = { kind: 'date'; value: string } | { kind: 'timestamp'; value: string };
export type IntervalEnd = Instant | { kind: 'open' };

/** What a predicate compares: a queryable property, a literal, or CASEI of a string. */
export type Operand =
  | { kind: 'property'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | Instant
  | { kind: 'interval'; start: IntervalEnd; end: IntervalEnd }
  | { kind: 'geometry'; geometry: Geometry }
  | { kind: 'bbox'; bbox: [number, number, number, number] }
  | { kind: 'casei'; arg: Operand };

export const COMPARISON_OPS = ['=', '<>', '<', '<=', '>', '>='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/** CQL2's spatial functions (Spatial Functions conformance class), in the standard's spelling. */
export const SPATIAL_OPS = [
  'S_INTERSECTS',
  'S_EQUALS',
  'S_DISJOINT',
  'S_TOUCHES',
  'S_WITHIN',
  'S_OVERLAPS',
  'S_CROSSES',
  'S_CONTAINS',
] as const;
export type SpatialOp = (typeof SPATIAL_OPS)[number];

/** The temporal functions that have a meaning for an instant-valued property (a date such as the release date). */
export const TEMPORAL_OPS = ['T_AFTER', 'T_BEFORE', 'T_INTERSECTS', 'T_EQUALS', 'T_DISJOINT'] as const;
export type TemporalOp = (typeof TEMPORAL_OPS)[number];

export type Predicate =
  | { kind: 'and'; args: Predicate[] }
  | { kind: 'or'; args: Predicate[] }
  | { kind: 'not'; arg: Predicate }
  | { kind: 'literal'; value: boolean }
  | { kind: 'comparison'; op: ComparisonOp; args: [Operand, Operand] }
  | { kind: 'like'; args: [Operand, Operand] }
  | { kind: 'between'; args: [Operand, Operand, Operand] }
  | { kind: 'in'; value: Operand; list: Operand[] }
  | { kind: 'isNull'; arg: Operand }
  | { kind: 'spatial'; op: SpatialOp; args: [Operand, Operand] }
  /** Our own function (declared as such): within `distanceM` metres, measured in British National Grid. */
  | { kind: 'dwithin'; args: [Operand, Operand]; distanceM: number }
  | { kind: 'temporal'; op: TemporalOp; args: [Operand, Operand] };

/**
 * Bounds on what a filter may cost before any SQL is written: a filter over them is refused with
 * the term where it went over. A hand-drawn polygon in QGIS has tens to hundreds of vertices; a
 * simplified borough outline about a thousand.
 */
export const LIMITS = {
  /** Characters of CQL2 text, or of CQL2 JSON as sent. */
  filterChars: 65_536,
  /** Nesting of predicates, parentheses, functions and geometry collections. */
  depth: 20,
  /** Predicates and operands in one filter, list members included. */
  nodes: 2_000,
  /** Coordinate pairs over every geometry literal of one filter. */
  positions: 5_000,
  /** Distance of S_DWITHIN, metres: Greater London is under 60 km across. */
  distanceM: 1_000_000,
} as const;
