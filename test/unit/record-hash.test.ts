import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/db/sites.js';

/** The form record hashes were first stored in; canonicalJson must never drift from it. */
function asFirstStored(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(asFirstStored).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${asFirstStored((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

describe('canonicalJson', () => {
  it('writes exactly the text record hashes were first stored from, for any record', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.object(), (json, object) => {
      expect(canonicalJson(json)).toBe(asFirstStored(json));
      expect(canonicalJson(object)).toBe(asFirstStored(object));
    }), { numRuns: 2_000 });
  });

  it('ignores key order and writes undefined as null', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: 'x', c: null }] })).toBe('{"a":[null,{"c":null,"d":"x"}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});
