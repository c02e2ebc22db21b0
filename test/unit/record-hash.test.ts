import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, recordSha256, type HashedSite } from '../../src/db/record-hash.js';

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
    fc.assert(
      fc.property(fc.jsonValue(), fc.object(), (json, object) => {
        expect(canonicalJson(json)).toBe(asFirstStored(json));
        expect(canonicalJson(object)).toBe(asFirstStored(object));
      }),
      { numRuns: 2_000 },
    );
  });

  it('ignores key order and writes undefined as null', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: 'x', c: null }] })).toBe('{"a":[null,{"c":null,"d":"x"}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('sorts objects of the same length, first and last key but other keys, and of the same keys in another order, each its own way', () => {
    expect(canonicalJson({ a: 1, z: 2, y: 3 })).toBe('{"a":1,"y":3,"z":2}');
    expect(canonicalJson({ a: 1, b: 2, y: 3 })).toBe('{"a":1,"b":2,"y":3}');
    expect(canonicalJson({ a: 1, m: 2, y: 3 })).toBe('{"a":1,"m":2,"y":3}');
    expect(canonicalJson({ y: 3, m: 2, a: 1 })).toBe('{"a":1,"m":2,"y":3}');
  });
});

describe('recordSha256', () => {
  it('is the hash of canonicalJson({ record, point, borough }), the form first stored', () => {
    fc.assert(
      fc.property(fc.object(), fc.integer(), fc.integer(), fc.string(), (record, eastingM, northingM, boroughGss) => {
        const site = { record, point: { eastingM, northingM }, boroughGss } as unknown as HashedSite;
        const first = createHash('sha256')
          .update(asFirstStored({ record, point: site.point, borough: boroughGss }))
          .digest('hex');
        expect(recordSha256(site)).toBe(first);
      }),
      { numRuns: 500 },
    );
  });
});
