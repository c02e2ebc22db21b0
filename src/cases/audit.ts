import { isClosed, verifyChain, type CaseState } from '../domain/case-events.js';
import { caseHeads, loadAllCaseEvents } from '../db/cases.js';
import type { Executor } from '../db/connect.js';
import { loadCase } from './case-record.js';

/** The audit trail: whether each case's cached row and recorded chain head agree with its events. */

export interface RebuiltCase {
  state: CaseState;
  /** What the cache on `cases` says, beside what the events say. */
  cached: { stage: string; version: number; headSequence: number; headHash: string | null; closed: boolean };
  matches: boolean;
}

/** The case as its events alone say it is, and whether the cached row agrees. */
export async function rebuildCaseState(db: Executor, caseId: number): Promise<RebuiltCase> {
  const { row, state } = await loadCase(db, caseId);
  const cached = {
    stage: row.stage,
    version: row.version,
    headSequence: row.headSequence,
    headHash: row.headHash,
    closed: row.closedAt !== null,
  };
  const matches =
    cached.stage === state.stage &&
    cached.version === state.sequence &&
    cached.headSequence === state.sequence &&
    cached.headHash === state.headHash &&
    cached.closed === isClosed(state.stage);
  return { state, cached, matches };
}

export type ChainCheck =
  | { caseId: number; events: number; ok: true }
  | { caseId: number; events: number; ok: false; brokenAt: number; reason: string };

/** Every case's hash chain against the head its row recorded. */
export async function verifyCaseChains(db: Executor): Promise<ChainCheck[]> {
  const heads = await caseHeads(db);
  const byCase = await loadAllCaseEvents(db);
  return heads.map(({ caseId, sequence, hash }): ChainCheck => {
    const events = byCase.get(caseId) ?? [];
    if (events.length === 0)
      return { caseId, events: 0, ok: false, brokenAt: 1, reason: 'the case has no events: its history is missing' };
    const verdict = verifyChain(events, { sequence, hash });
    return verdict.ok
      ? { caseId, events: events.length, ok: true }
      : { caseId, events: events.length, ok: false, brokenAt: verdict.brokenAt, reason: verdict.reason };
  });
}
