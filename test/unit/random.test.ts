import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/domain/random.js';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('keeps triangular draws within bounds with a mean near (low + mode + high) / 3', () => {
    const r = seededRandom(7);
    const draws = Array.from({ length: 20_000 }, () => r.triangular(34, 50, 68));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(34);
    expect(Math.max(...draws)).toBeLessThanOrEqual(68);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeCloseTo((34 + 50 + 68) / 3, 0);
  });

  it('picks by weight', () => {
    const r = seededRandom(1);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        r.pick([
          ['a', 3],
          ['b', 1],
        ] as const)
      ]++;
    expect(counts.a / 10_000).toBeCloseTo(0.75, 1);
  });
});
