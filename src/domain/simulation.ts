import {
  defaultStageDurations,
  workingDaysPerMonth,
  type DurationRange,
  type StageDurations,
} from './assumptions/workflow.js';
import { PATH_STAGES, type PathStage } from './case-events.js';
import { seededRandom } from './random.js';

/**
 * The whole estate run through the workflow, many times, so the Board can see what a change
 * of stage targets buys: how soon land is released, and the receipts and homes each year.
 * Every site starts at identification on day 0 and moves through every stage on the path
 * (first refusal included); the Board's capacity to take cases is not modelled.
 */

export interface PipelineSite {
  siteId: number;
  receiptPence: number;
  homes: number;
}

export interface SimulationInput {
  sites: readonly PipelineSite[];
  /** Stage ranges in working days replacing the defaults (see withStageScaled). */
  durations?: Partial<Record<PathStage, DurationRange>>;
  /** Years reported; sites released later are totalled apart. */
  years: number;
  seed: number;
  /** Monte Carlo runs of the whole estate. */
  runs: number;
}

export interface SimulatedYear {
  /** 1 is the first year from the start. */
  year: number;
  /** Means over runs. */
  sitesReleased: number;
  receiptsPence: number;
  homes: number;
}

export interface SimulationResult {
  perYear: SimulatedYear[];
  afterHorizon: Omit<SimulatedYear, 'year'>;
  /** Identification to completion over every site and run. */
  yearsToRelease: { p10: number; median: number; p90: number } | null;
  releasedWithinHorizonShare: number | null;
}

/** The stage ranges with one stage scaled, e.g. planning halved: withStageScaled(d, 'planning', 0.5). */
export function withStageScaled(durations: StageDurations, stage: PathStage, factor: number): StageDurations {
  if (!(factor >= 0)) throw new RangeError(`a stage scale must be ≥ 0, not ${factor}`);
  const range = durations[stage];
  return {
    ...durations,
    [stage]: { low: range.low * factor, central: range.central * factor, high: range.high * factor },
  };
}

const nearestRank = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;

export function simulatePipeline(input: SimulationInput): SimulationResult {
  const { years, runs, seed } = input;
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number ≥ 1, not ${runs}`);
  if (!Number.isSafeInteger(years) || years < 1) throw new RangeError(`years must be a whole number ≥ 1, not ${years}`);
  for (const site of input.sites) {
    if (!Number.isSafeInteger(site.receiptPence) || site.receiptPence < 0)
      throw new RangeError(`site ${site.siteId}: receipt must be whole pence`);
  }
  const durations: StageDurations = { ...defaultStageDurations(), ...input.durations };
  const workingDaysPerYear = workingDaysPerMonth.value * 12;
  const random = seededRandom(seed);
  // Sorted so that the same estate in any order gives the same result.
  const sites = [...input.sites].sort((a, b) => a.siteId - b.siteId);
  const buckets = Array.from({ length: years + 1 }, () => ({ sites: 0, receiptsPence: 0, homes: 0 }));
  const releaseYears: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    for (const site of sites) {
      const workingDays = PATH_STAGES.reduce((sum, stage) => {
        const { low, central, high } = durations[stage];
        return sum + random.triangular(low, central, high);
      }, 0);
      const releasedInYears = workingDays / workingDaysPerYear;
      releaseYears.push(releasedInYears);
      const bucket = buckets[Math.min(years, Math.floor(releasedInYears))];
      if (!bucket) continue;
      bucket.sites += 1;
      bucket.receiptsPence += site.receiptPence;
      bucket.homes += site.homes;
    }
  }
  const mean = (b: { sites: number; receiptsPence: number; homes: number }) => {
    if (!Number.isSafeInteger(b.receiptsPence))
      throw new RangeError('receipts summed beyond safe integer pence; use fewer runs');
    return { sitesReleased: b.sites / runs, receiptsPence: Math.round(b.receiptsPence / runs), homes: b.homes / runs };
  };
  const perYear = buckets.slice(0, years).map((b, i) => ({ year: i + 1, ...mean(b) }));
  const after = buckets[years] ?? { sites: 0, receiptsPence: 0, homes: 0 };
  releaseYears.sort((a, b) => a - b);
  const released = releaseYears.filter((y) => y < years).length;
  return {
    perYear,
    afterHorizon: mean(after),
    yearsToRelease:
      releaseYears.length === 0
        ? null
        : {
            p10: nearestRank(releaseYears, 0.1),
            median: nearestRank(releaseYears, 0.5),
            p90: nearestRank(releaseYears, 0.9),
          },
    releasedWithinHorizonShare: releaseYears.length === 0 ? null : released / releaseYears.length,
  };
}
