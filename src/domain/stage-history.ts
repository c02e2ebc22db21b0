import { PATH_STAGES, isClosed, isPathStage, type CaseState, type PathStage } from './case-events.js';
import type { DurationObservation } from './survival.js';
import { workingDaysBetween, type IsoDate } from './working-days.js';

/**
 * What the estate's cases say about each stage, as of a day: how long cases spent in it
 * (time deferred is not the stage's), whether they have left it for good (else censored:
 * still in it, deferred from it, or sent back before it, as a sale that fell through is),
 * how they left (moved on, withdrawn, retained) and whether they were deferred while in it.
 */

export interface StageRecord {
  durations: DurationObservation[];
  exits: { movedOn: number; withdrawn: number; retained: number };
  /** Cases deferred at least once in the stage, out of those whose answer is known. */
  deferrals: { deferred: number; outOf: number };
}

export interface StageHistory {
  stages: Record<PathStage, StageRecord>;
  /** Working days each deferral lasted; the ones still running are censored. */
  deferralLengths: DurationObservation[];
}

const pathIndex = (stage: PathStage): number => PATH_STAGES.indexOf(stage);

/** The path stage a case stands at: its stage, the one it was deferred from, or the last it was in before closing. */
export function standingStage(state: CaseState): PathStage | null {
  if (isPathStage(state.stage)) return state.stage;
  if (state.stage === 'deferred' && state.deferral) return state.deferral.from;
  for (let i = state.visits.length - 1; i >= 0; i -= 1) {
    const stage = state.visits[i]?.stage;
    if (stage !== undefined && isPathStage(stage)) return stage;
  }
  return null;
}

/** Working days a case has spent in a stage over all its visits, an open visit up to `today`. */
export function workingDaysIn(state: CaseState, stage: PathStage, today: IsoDate): number {
  return state.visits
    .filter((v) => v.stage === stage)
    .reduce((sum, v) => sum + Math.max(0, workingDaysBetween(v.enteredOn, v.leftOn ?? today)), 0);
}

/** Whether the case was deferred while in the stage. */
export const deferredFrom = (state: CaseState, stage: PathStage): boolean =>
  state.visits.some((v) => v.stage === stage && v.exitTo === 'deferred');

export function stageHistory(cases: readonly CaseState[], today: IsoDate): StageHistory {
  const stages = Object.fromEntries(
    PATH_STAGES.map((s) => [
      s,
      { durations: [], exits: { movedOn: 0, withdrawn: 0, retained: 0 }, deferrals: { deferred: 0, outOf: 0 } },
    ]),
  ) as unknown as Record<PathStage, StageRecord>;
  const deferralLengths: DurationObservation[] = [];
  // Case order must not matter: observations are sorted before they are returned.
  for (const state of cases) {
    const standing = standingStage(state);
    const closed = isClosed(state.stage);
    for (const stage of PATH_STAGES) {
      if (!state.visits.some((v) => v.stage === stage)) continue;
      const record = stages[stage];
      const stillIn = !closed && standing !== null && pathIndex(standing) <= pathIndex(stage);
      record.durations.push({ workingDays: workingDaysIn(state, stage, today), ended: !stillIn });
      const deferred = deferredFrom(state, stage);
      if (!stillIn || deferred) record.deferrals.outOf += 1;
      if (deferred) record.deferrals.deferred += 1;
      if (stillIn) continue;
      if (closed && standing === stage && state.stage === 'withdrawn') record.exits.withdrawn += 1;
      else if (closed && standing === stage && state.stage === 'retained') record.exits.retained += 1;
      else record.exits.movedOn += 1;
    }
    for (const visit of state.visits) {
      if (visit.stage !== 'deferred') continue;
      deferralLengths.push({
        workingDays: Math.max(0, workingDaysBetween(visit.enteredOn, visit.leftOn ?? today)),
        ended: visit.leftOn !== null,
      });
    }
  }
  const byDays = (a: DurationObservation, b: DurationObservation) =>
    a.workingDays - b.workingDays || Number(a.ended) - Number(b.ended);
  for (const stage of PATH_STAGES) stages[stage].durations.sort(byDays);
  deferralLengths.sort(byDays);
  return { stages, deferralLengths };
}
