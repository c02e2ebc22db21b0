import type { DurationRange } from './assumptions/workflow.js';

/**
 * How long something lasts, in whole working days, learnt from cases that are still running
 * as well as those that have ended. A case still in a stage has lasted *at least* its days so
 * far (right-censored): dropping it, or counting it as ended, would make stages look short.
 *
 * The defaults enter as a prior worth `priorWeight` cases: the discrete hazard on day t is
 *   (ended on t + k × prior mass on t) / (at risk on t + k × prior mass from t on),
 * the posterior mean of a beta-process prior (Hjort 1990, Ann. Statist. 18(3)). With k = 0 it
 * is Kaplan–Meier; with no observations it is the prior; in between, the defaults never drop
 * out, and a case still running only ever lowers the hazard on days it has survived.
 */

/** Probability mass per whole working day: index t is "ends after t working days". */
export type DayMass = readonly number[];

export interface DurationObservation {
  workingDays: number;
  /** False while it is still running: it has lasted at least workingDays (censored). */
  ended: boolean;
}

function triangularCdf(x: number, { low, central, high }: DurationRange): number {
  if (x <= low) return 0;
  if (x >= high) return 1;
  return x <= central
    ? (x - low) ** 2 / ((high - low) * (central - low))
    : 1 - (high - x) ** 2 / ((high - low) * (high - central));
}

/** A triangular (low, central, high) duration as mass on whole days: day t holds P(t − 1 < T ≤ t). */
export function triangularMass(range: DurationRange): number[] {
  if (!(range.low >= 0) || !(range.low <= range.central && range.central <= range.high))
    throw new RangeError(`a duration range needs 0 ≤ low ≤ central ≤ high, not ${JSON.stringify(range)}`);
  if (range.high <= range.low) {
    const mass = new Array<number>(Math.round(range.low) + 1).fill(0);
    mass[mass.length - 1] = 1;
    return mass;
  }
  const last = Math.ceil(range.high);
  const mass: number[] = [];
  let previous = 0;
  for (let t = 0; t <= last; t += 1) {
    const cdf = triangularCdf(t, range);
    mass.push(cdf - previous);
    previous = cdf;
  }
  return mass;
}

/** A weighted mixture of distributions (weights need not sum to 1; they are normalised). */
export function mixMasses(parts: ReadonlyArray<readonly [number, DayMass]>): number[] {
  const total = parts.reduce((sum, [w]) => sum + w, 0);
  if (!(total > 0)) throw new RangeError('a mixture needs a positive weight');
  const mass = new Array<number>(Math.max(...parts.map(([, m]) => m.length))).fill(0);
  for (const [weight, part] of parts) {
    for (let t = 0; t < part.length; t += 1) mass[t] = (mass[t] ?? 0) + (weight / total) * (part[t] ?? 0);
  }
  return mass;
}

/** The duration of one thing followed by another. */
export function convolveMasses(a: DayMass, b: DayMass): number[] {
  const mass = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i += 1) {
    const pa = a[i] ?? 0;
    if (pa === 0) continue;
    for (let j = 0; j < b.length; j += 1) mass[i + j] = (mass[i + j] ?? 0) + pa * (b[j] ?? 0);
  }
  return mass;
}

/**
 * S[t] = P(T > t) for t = 0 … horizon, the last day the prior or any observation reaches.
 * Mass left at the horizon (a prior exhausted while cases are still running) is the tail
 * that sampleRemaining spreads over its overrun.
 */
export function blendedSurvival(
  prior: DayMass,
  observations: readonly DurationObservation[],
  priorWeight: number,
): number[] {
  if (!(priorWeight >= 0)) throw new RangeError(`a prior weight must be ≥ 0, not ${priorWeight}`);
  const days = observations.map((o) => {
    if (!Number.isSafeInteger(o.workingDays) || o.workingDays < 0)
      throw new RangeError(`an observed duration must be whole working days ≥ 0, not ${o.workingDays}`);
    return o.workingDays;
  });
  const horizon = Math.max(prior.length - 1, ...days, 0);
  const ended = new Array<number>(horizon + 2).fill(0);
  const reaching = new Array<number>(horizon + 2).fill(0);
  for (const o of observations) {
    reaching[o.workingDays] = (reaching[o.workingDays] ?? 0) + 1;
    if (o.ended) ended[o.workingDays] = (ended[o.workingDays] ?? 0) + 1;
  }
  // Walked from the top so that atRisk and priorLeft are "from day t on".
  const atRisk = new Array<number>(horizon + 2).fill(0);
  const priorLeft = new Array<number>(horizon + 2).fill(0);
  for (let t = horizon; t >= 0; t -= 1) {
    atRisk[t] = (atRisk[t + 1] ?? 0) + (reaching[t] ?? 0);
    priorLeft[t] = (priorLeft[t + 1] ?? 0) + (prior[t] ?? 0);
  }
  const survival: number[] = [];
  let alive = 1;
  for (let t = 0; t <= horizon; t += 1) {
    const k = priorWeight;
    const denominator = (atRisk[t] ?? 0) + k * (priorLeft[t] ?? 0);
    const hazard = denominator > 0 ? ((ended[t] ?? 0) + k * (prior[t] ?? 0)) / denominator : 0;
    alive *= 1 - Math.min(1, Math.max(0, hazard));
    survival.push(alive);
  }
  return survival;
}

/** Kaplan–Meier: the survival of the observations alone. */
export const kaplanMeier = (observations: readonly DurationObservation[]): number[] =>
  blendedSurvival([], observations, 0);

/**
 * Working days still to run for something that has lasted `elapsed` and is still running:
 * the inverse of its survival conditioned on T ≥ elapsed, at `u` in [0, 1). Mass beyond the
 * horizon, or a stay already beyond everything the survival knows, ends uniformly within
 * `overrunWorkingDays` after the later of the two.
 */
export function sampleRemaining(
  survival: readonly number[],
  elapsed: number,
  u: number,
  overrunWorkingDays: number,
): number {
  const horizon = survival.length - 1;
  const start = Math.max(0, Math.floor(elapsed));
  const before = start === 0 ? 1 : start - 1 <= horizon ? (survival[start - 1] ?? 0) : 0;
  if (start > horizon || before <= 1e-12) return Math.floor(u * overrunWorkingDays);
  const target = (1 - u) * before;
  // First day from `start` whose survival falls below the target (survival never rises).
  let lo = start;
  let hi = horizon + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((survival[mid] ?? 0) < target) hi = mid;
    else lo = mid + 1;
  }
  if (lo <= horizon) return lo - start;
  const tail = (survival[horizon] ?? 0) / before;
  const within = tail > 0 ? Math.min(1, Math.max(0, (u - (1 - tail)) / tail)) : 0;
  return horizon + 1 - start + Math.floor(within * overrunWorkingDays);
}

/** Working days by which a share p of the distribution has ended (p in (0, 1]); null if it never does. */
export function survivalQuantile(survival: readonly number[], p: number): number | null {
  const index = survival.findIndex((s) => s <= 1 - p + 1e-12);
  return index < 0 ? null : index;
}
