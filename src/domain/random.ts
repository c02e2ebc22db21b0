/**
 * Seeded randomness for the demo estate and Monte Carlo forecasts. The domain never calls
 * Math.random(): the same seed gives the same numbers on every machine, so results are
 * reproducible byte for byte.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Picks from weighted choices; weights need not sum to 1. */
  pick<T>(choices: ReadonlyArray<readonly [T, number]>): T;
  /** Triangular distribution on [low, high] with the given mode. */
  triangular(low: number, mode: number, high: number): number;
}

/** mulberry32: small, fast and well distributed enough for simulation (not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (choices) => {
      const total = choices.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [choice, weight] of choices) {
        r -= weight;
        if (r < 0) return choice;
      }
      const last = choices[choices.length - 1];
      if (!last) throw new RangeError('pick needs at least one choice');
      return last[0];
    },
    triangular: (low, mode, high) => {
      if (high <= low) return low;
      const u = next();
      const cut = (mode - low) / (high - low);
      return u < cut
        ? low + Math.sqrt(u * (high - low) * (mode - low))
        : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
    },
  };
}

/** A seed for one thing (a case, a site) out of a run's seed, so its draws do not depend on the others'. */
export const seedFor = (seed: number, id: number): number =>
  (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(id >>> 0, 0x85ebca6b)) >>> 0;
