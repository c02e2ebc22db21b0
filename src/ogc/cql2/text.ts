import {
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

/** CQL2 text (OGC 21-065 §8, its BNF in Annex B), read by recursive descent into the shared tree. */

type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  at: number;
}

const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_.:]*/y;
const SPACE = /\s+/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const sticky = (re: RegExp): string | null => {
    re.lastIndex = at;
    const m = re.exec(text);
    return m ? m[0] : null;
  };
  while (at < text.length) {
    const space = sticky(SPACE);
    if (space) {
      at += space.length;
      continue;
    }
    const c = text.charAt(at);
    const next = text.charAt(at + 1);
    if (c === "'" || c === '"') {
      // '' inside a string and "" inside a quoted name stand for the quote itself.
      let value = '';
      let i = at + 1;
      for (;;) {
        if (i >= text.length)
          throw new Cql2Error(`a ${c === "'" ? 'string' : 'quoted name'} is not closed`, text.slice(at, at + 40), at);
        const ch = text.charAt(i);
        if (ch === c) {
          if (text.charAt(i + 1) === c) {
            value += c;
            i += 2;
            continue;
          }
          break;
        }
        value += ch;
        i += 1;
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text: value, at });
      at = i + 1;
      continue;
    }
    if (/[0-9.]/.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(next))) {
      const number = sticky(NUMBER);
      if (!number) throw new Cql2Error('not a number', text.slice(at, at + 20), at);
      tokens.push({ kind: 'number', text: number, at });
      at += number.length;
      continue;
    }
    const word = sticky(WORD);
    if (word) {
      tokens.push({ kind: 'word', text: word, at });
      at += word.length;
      continue;
    }
    if ('(),[]'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, at });
      at += 1;
      continue;
    }
    const op = ['<=', '>=', '<>'].find((o) => text.startsWith(o, at)) ?? ('=<>'.includes(c) ? c : null);
    if (op) {
      tokens.push({ kind: 'op', text: op, at });
      at += op.length;
      continue;
    }
    throw new Cql2Error(`unexpected character ${JSON.stringify(c)}`, c, at);
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

const upper = (t: Token): string => (t.kind === 'word' ? t.text.toUpperCase() : '');
const GEOMETRY_WORDS = [
  'POINT',
  'LINESTRING',
  'POLYGON',
  'MULTIPOINT',
  'MULTILINESTRING',
  'MULTIPOLYGON',
  'GEOMETRYCOLLECTION',
] as const;
type GeometryWord = (typeof GEOMETRY_WORDS)[number];

/** Words the grammar reserves: a property so named must be double-quoted. */
export const RESERVED = new Set([
  'AND',
  'OR',
  'NOT',
  'LIKE',
  'BETWEEN',
  'IN',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'DATE',
  'TIMESTAMP',
  'INTERVAL',
  'CASEI',
  'BBOX',
  'S_DWITHIN',
  ...GEOMETRY_WORDS,
  ...SPATIAL_OPS,
  ...TEMPORAL_OPS,
]);

interface Arguments {
  1: [Operand];
  2: [Operand, Operand];
  3: [Operand, Operand, Operand];
}

class TextParser {
  private i = 0;
  private readonly budget = new Budget();
  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.i] ?? { kind: 'end', text: '', at: 0 };
  }
  private peek(offset = 1): Token {
    return this.tokens[this.i + offset] ?? { kind: 'end', text: '', at: 0 };
  }
  private fail(message: string, token = this.token): never {
    throw new Cql2Error(message, token.kind === 'end' ? '(end of filter)' : token.text, token.at);
  }
  private take(): Token {
    const t = this.token;
    this.i += 1;
    return t;
  }
  private isWord(word: string, t = this.token): boolean {
    return upper(t) === word;
  }
  private acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.i += 1;
    return true;
  }
  private expectWord(word: string): void {
    if (!this.acceptWord(word)) this.fail(`expected ${word}`);
  }
  private isPunct(p: string, t = this.token): boolean {
    return t.kind === 'punct' && t.text === p;
  }
  private expectPunct(p: string): void {
    if (!this.isPunct(p)) this.fail(`expected "${p}"`);
    this.i += 1;
  }

  filter(): Predicate {
    const predicate = this.or(0);
    if (this.token.kind !== 'end') this.fail('unexpected text after the filter');
    return predicate;
  }

  private or(depth: number): Predicate {
    const args = [this.and(depth)];
    while (this.acceptWord('OR')) args.push(this.and(depth));
    return args.length === 1 && args[0] ? args[0] : { kind: 'or', args };
  }

  private and(depth: number): Predicate {
    const args = [this.factor(depth)];
    while (this.acceptWord('AND')) args.push(this.factor(depth));
    return args.length === 1 && args[0] ? args[0] : { kind: 'and', args };
  }

  private factor(depth: number): Predicate {
    const start = this.token;
    if (this.acceptWord('NOT')) {
      this.budget.node(start.text, start.at);
      return { kind: 'not', arg: this.factor(this.budget.deeper(depth, start.text, start.at)) };
    }
    return this.primary(depth);
  }

  private primary(depth: number): Predicate {
    const start = this.token;
    this.budget.node(start.text || '(end of filter)', start.at);
    if (this.isPunct('(')) {
      this.take();
      const inner = this.or(this.budget.deeper(depth, '(', start.at));
      this.expectPunct(')');
      return inner;
    }
    const word = upper(start);
    const called = this.isPunct('(', this.peek());
    if (called && (SPATIAL_OPS as readonly string[]).includes(word)) {
      const [a, b] = this.call(depth, 2);
      return { kind: 'spatial', op: word as SpatialOp, args: [a, b] };
    }
    if (called && (TEMPORAL_OPS as readonly string[]).includes(word)) {
      const [a, b] = this.call(depth, 2);
      return { kind: 'temporal', op: word as TemporalOp, args: [a, b] };
    }
    if (called && word === 'S_DWITHIN') {
      const [a, b, d] = this.call(depth, 3);
      if (d.kind !== 'number') this.fail('S_DWITHIN takes a distance in metres as its third argument', start);
      return { kind: 'dwithin', args: [a, b], distanceM: d.value };
    }
    // TRUE alone is a predicate; TRUE followed by an operator is an operand. What may follow a
    // predicate decides: the end, a closing parenthesis, AND or OR.
    const follow = this.peek();
    const alone =
      follow.kind === 'end' || this.isPunct(')', follow) || this.isWord('AND', follow) || this.isWord('OR', follow);
    if ((word === 'TRUE' || word === 'FALSE') && alone) {
      this.take();
      return { kind: 'literal', value: word === 'TRUE' };
    }
    const left = this.operand(depth);
    const op = this.token;
    if (op.kind === 'op') {
      this.take();
      return { kind: 'comparison', op: op.text as ComparisonOp, args: [left, this.operand(depth)] };
    }
    const negated = this.acceptWord('NOT');
    const wrap = (p: Predicate): Predicate => (negated ? { kind: 'not', arg: p } : p);
    if (this.acceptWord('LIKE')) return wrap({ kind: 'like', args: [left, this.operand(depth)] });
    if (this.acceptWord('BETWEEN')) {
      const low = this.operand(depth);
      this.expectWord('AND');
      return wrap({ kind: 'between', args: [left, low, this.operand(depth)] });
    }
    if (this.acceptWord('IN')) {
      const open = this.token;
      this.expectPunct('(');
      const inner = this.budget.deeper(depth, '(', open.at);
      const list = [this.operand(inner)];
      while (this.isPunct(',')) {
        this.take();
        list.push(this.operand(inner));
      }
      this.expectPunct(')');
      return wrap({ kind: 'in', value: left, list });
    }
    if (!negated && this.acceptWord('IS')) {
      const not = this.acceptWord('NOT');
      this.expectWord('NULL');
      const isNull: Predicate = { kind: 'isNull', arg: left };
      return not ? { kind: 'not', arg: isNull } : isNull;
    }
    return this.fail(
      negated
        ? 'expected LIKE, BETWEEN or IN after NOT'
        : 'expected a comparison (=, <>, <, LIKE, BETWEEN, IN, IS NULL)',
    );
  }

  /** A function's arguments, each an operand, exactly `count` of them. */
  private call<N extends 1 | 2 | 3>(depth: number, count: N): Arguments[N] {
    const name = this.take();
    const inner = this.budget.deeper(depth, name.text, name.at);
    this.expectPunct('(');
    const args = [this.operand(inner)];
    while (this.isPunct(',')) {
      this.take();
      args.push(this.operand(inner));
    }
    if (args.length !== count) this.fail(`${name.text.toUpperCase()} takes ${count} arguments`, name);
    this.expectPunct(')');
    return args as Arguments[N];
  }

  private operand(depth: number): Operand {
    const t = this.token;
    this.budget.node(t.text || '(end of filter)', t.at);
    if (t.kind === 'string') {
      this.take();
      return { kind: 'string', value: t.text };
    }
    if (t.kind === 'number') {
      this.take();
      return { kind: 'number', value: Number(t.text) + 0 };
    }
    if (t.kind === 'quoted') {
      this.take();
      return { kind: 'property', name: t.text };
    }
    if (t.kind !== 'word') return this.fail('expected a property name or a value');
    const word = t.text.toUpperCase();
    const called = this.isPunct('(', this.peek());
    if (word === 'TRUE' || word === 'FALSE') {
      this.take();
      return { kind: 'boolean', value: word === 'TRUE' };
    }
    if (!called) {
      if ((GEOMETRY_WORDS as readonly string[]).includes(word) && this.isWord('EMPTY', this.peek()))
        this.fail('an empty geometry matches nothing; leave the predicate out', this.peek());
      if (RESERVED.has(word)) this.fail(`${t.text} is a reserved word; double-quote a property of that name`);
      this.take();
      return { kind: 'property', name: t.text };
    }
    if (word === 'DATE' || word === 'TIMESTAMP') {
      this.take();
      this.expectPunct('(');
      const value = this.token;
      if (value.kind !== 'string') this.fail(`${word} takes a quoted ${word === 'DATE' ? 'date' : 'timestamp'}`);
      this.take();
      this.expectPunct(')');
      return this.instant(word === 'DATE' ? 'date' : 'timestamp', value);
    }
    if (word === 'INTERVAL') {
      this.take();
      this.expectPunct('(');
      const start = this.intervalEnd();
      this.expectPunct(',');
      const end = this.intervalEnd();
      this.expectPunct(')');
      return { kind: 'interval', start, end };
    }
    if (word === 'CASEI') {
      const [arg] = this.call(depth, 1);
      return { kind: 'casei', arg };
    }
    if (word === 'BBOX') {
      this.take();
      this.expectPunct('(');
      const values = [this.signedNumber()];
      while (this.isPunct(',')) {
        this.take();
        values.push(this.signedNumber());
      }
      this.expectPunct(')');
      if (values.length !== 4) this.fail('BBOX takes four numbers: minX, minY, maxX, maxY', t);
      const [a = 0, b = 0, c = 0, d = 0] = values;
      return { kind: 'bbox', bbox: [a, b, c, d] };
    }
    if ((GEOMETRY_WORDS as readonly string[]).includes(word)) {
      const geometry = this.geometry(depth);
      checkGeometry(geometry, t.at);
      return { kind: 'geometry', geometry };
    }
    return this.fail(`unknown function ${t.text}`);
  }

  private instant(kind: 'date' | 'timestamp', value: Token): Operand & IntervalEnd {
    if (kind === 'date' ? !isDate(value.text) : !isTimestamp(value.text))
      this.fail(kind === 'date' ? 'a DATE is YYYY-MM-DD' : 'a TIMESTAMP is YYYY-MM-DDThh:mm:ss[.fff]Z, in UTC', value);
    return { kind, value: value.text };
  }

  private intervalEnd(): IntervalEnd {
    const t = this.token;
    if (t.kind !== 'string') return this.fail("an INTERVAL end is a quoted date, timestamp or '..'");
    this.take();
    if (t.text === '..') return { kind: 'open' };
    return this.instant(t.text.includes('T') ? 'timestamp' : 'date', t);
  }

  private signedNumber(): number {
    const t = this.token;
    if (t.kind !== 'number') return this.fail('expected a number');
    this.take();
    return Number(t.text) + 0;
  }

  private position(): Position {
    const x = this.signedNumber();
    const y = this.signedNumber();
    if (this.token.kind === 'number') this.fail('only two-dimensional coordinates are read');
    return [x, y];
  }

  /** `( x y, x y, … )`, charged to the budget as it is read. */
  private positions(): Position[] {
    const open = this.token;
    this.expectPunct('(');
    const list = [this.position()];
    while (this.isPunct(',')) {
      this.take();
      list.push(this.position());
      this.budget.coordinates(1, open.text, open.at);
    }
    this.budget.coordinates(1, open.text, open.at);
    this.expectPunct(')');
    return list;
  }

  private many<T>(read: () => T): T[] {
    this.expectPunct('(');
    const list = [read()];
    while (this.isPunct(',')) {
      this.take();
      list.push(read());
    }
    this.expectPunct(')');
    return list;
  }

  private geometry(depth: number): Geometry {
    const t = this.take();
    const word = t.text.toUpperCase() as GeometryWord;
    if (this.isWord('Z') || this.isWord('M') || this.isWord('ZM'))
      this.fail('only two-dimensional geometries are read');
    if (this.isWord('EMPTY')) this.fail('an empty geometry matches nothing; leave the predicate out');
    const inner = this.budget.deeper(depth, t.text, t.at);
    switch (word) {
      case 'POINT':
        return { type: 'Point', coordinates: this.onePosition('a POINT has one position') };
      case 'LINESTRING':
        return { type: 'LineString', coordinates: this.positions() };
      case 'POLYGON':
        return { type: 'Polygon', coordinates: this.many(() => this.positions()) };
      case 'MULTIPOINT':
        // Both spellings are met in the wild: MULTIPOINT((1 2), (3 4)) and MULTIPOINT(1 2, 3 4).
        if (this.isPunct('(', this.peek()))
          return {
            type: 'MultiPoint',
            coordinates: this.many(() => this.onePosition('each point of a MULTIPOINT has one position')),
          };
        return { type: 'MultiPoint', coordinates: this.positions() };
      case 'MULTILINESTRING':
        return { type: 'MultiLineString', coordinates: this.many(() => this.positions()) };
      case 'MULTIPOLYGON':
        return { type: 'MultiPolygon', coordinates: this.many(() => this.many(() => this.positions())) };
      case 'GEOMETRYCOLLECTION':
        return {
          type: 'GeometryCollection',
          geometries: this.many(() => {
            const member = this.token;
            if (!(GEOMETRY_WORDS as readonly string[]).includes(upper(member)))
              this.fail('a GEOMETRYCOLLECTION holds geometries');
            this.budget.node(member.text, member.at);
            return this.geometry(inner);
          }),
        };
    }
  }

  private onePosition(message: string): Position {
    const open = this.token;
    const positions = this.positions();
    const [p] = positions;
    if (!p || positions.length !== 1) return this.fail(message, open);
    return p;
  }
}

/** Parses CQL2 text into the shared tree; a filter it cannot read is refused with the term at fault. */
export function parseCql2Text(text: string): Predicate {
  checkLength(text);
  return new TextParser(tokenize(text)).filter();
}
