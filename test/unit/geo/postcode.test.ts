import { describe, expect, it } from 'vitest';
import { normalisePostcode, postcodeKey } from '../../../geo/postcode.js';
import { readCodePoint } from '../../support/shipped-data.js';

describe('normalisePostcode', () => {
  it('ignores where the source put its spaces', () => {
    expect(normalisePostcode('E16 AN')).toBe('E1 6AN');
    expect(normalisePostcode('E C 1 A 1 A A')).toBe('EC1A 1AA');
  });

  it('puts one space between outward and inward code, whatever the spacing or case', () => {
    expect(normalisePostcode('e16an')).toBe('E1 6AN');
    expect(normalisePostcode('E1  6AN')).toBe('E1 6AN');
    expect(normalisePostcode('  e1 6an ')).toBe('E1 6AN');
    expect(normalisePostcode('E1\u00a06AN')).toBe('E1 6AN');
    expect(normalisePostcode('EC1A1AA')).toBe('EC1A 1AA');
    expect(normalisePostcode('sw1a 2aa')).toBe('SW1A 2AA');
    expect(normalisePostcode('BR11AA')).toBe('BR1 1AA');
    expect(normalisePostcode('n10 1aa')).toBe('N10 1AA');
    expect(normalisePostcode('gir 0aa')).toBe('GIR 0AA');
  });

  it('returns null for text that is not a postcode’s shape', () => {
    for (const text of [
      '',
      '   ',
      'E1',
      '6AN',
      'E1 6A',
      'E1 6ANN',
      '1E 6AN',
      'EEE1 6AN',
      'E1A1 6AN',
      'E1-6AN',
      'London',
      'E1 6Å N',
    ]) {
      expect(normalisePostcode(text), text).toBeNull();
    }
  });

  it('normalises every postcode in Code-Point Open, in both of its spellings', async () => {
    const rows = await readCodePoint();
    expect(rows.length).toBe(181_469);
    const doubleSpaced = rows.filter((r) => r.postcode.includes('  '));
    const unspaced = rows.filter((r) => !r.postcode.includes(' '));
    expect(doubleSpaced.length).toBeGreaterThan(0);
    expect(unspaced.length).toBeGreaterThan(0);
    const misread = rows
      .map((r) => r.postcode)
      .filter((postcode) => {
        const normal = normalisePostcode(postcode);
        return (
          normal === null ||
          !/^[A-Z0-9]{2,4} [0-9][A-Z]{2}$/.test(normal) ||
          postcodeKey(normal) !== postcodeKey(postcode)
        );
      });
    expect(misread).toEqual([]);
    expect(new Set(rows.map((r) => normalisePostcode(r.postcode))).size).toBe(rows.length);
  });
});

describe('postcodeKey', () => {
  it('upper-cases and removes every space, shape or no shape', () => {
    expect(postcodeKey('e1  6an')).toBe('E16AN');
    expect(postcodeKey(' EC1A 1AA ')).toBe('EC1A1AA');
    expect(postcodeKey('not a postcode')).toBe('NOTAPOSTCODE');
  });
});
