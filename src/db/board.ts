import { buildAgenda, type Agenda, type TransitionRequest } from '../domain/case-workflow.js';
import type { BoardDecisionKind, MovePayload } from '../domain/case-events.js';
import { EstatesError } from '../errors.js';
import { appendToCase, loadCase, loadCaseStates, type LoadedCase } from './cases.js';
import { londonDate } from '../domain/working-days.js';
import type { Db, Executor } from './connect.js';
import { rankedList, type RankedSiteRow } from './ranking.js';

/** The Board's side of the workflow: its agenda for a meeting date, and its recorded decisions. */

export const DECISION_STAGE: Readonly<Record<BoardDecisionKind, TransitionRequest['to']>> = {
  approve: 'approved_for_disposal',
  defer: 'deferred',
  reject: 'retained',
};

export interface BoardAgenda extends Agenda<RankedSiteRow> {
  meetingDate: string;
}

/** What the Board should see at a meeting on `meetingDate`: new candidates, cases awaiting it, overdue stages. */
export async function boardAgenda(db: Executor, meetingDate: string, topN: number): Promise<BoardAgenda> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(meetingDate) || Number.isNaN(Date.parse(`${meetingDate}T12:00:00Z`))) {
    throw new EstatesError('bad_input', `meeting date must be yyyy-mm-dd, not ${meetingDate}`);
  }
  const [{ sites }, cases] = await Promise.all([rankedList(db, { top: 100_000 }), loadCaseStates(db)]);
  // Judged at midday London time on the meeting date, so the agenda is the same whenever it is printed.
  const agenda = buildAgenda({ candidates: sites, cases, now: new Date(`${meetingDate}T12:00:00Z`), topN });
  return { meetingDate, ...agenda };
}

export interface BoardDecisionInput extends MovePayload {
  caseId: number;
  meetingId: string;
  decision: BoardDecisionKind;
  actor: string;
  reason: string;
  /** The case version the Board saw, when it says. */
  version?: number;
}

/** A Board decision is a transition out of board_review naming its meeting; the meeting is recorded once. */
export async function recordBoardDecision(db: Db, input: BoardDecisionInput, now: Date): Promise<LoadedCase> {
  const request: TransitionRequest = {
    kind: 'transition',
    to: DECISION_STAGE[input.decision],
    actor: input.actor,
    role: 'board',
    reason: input.reason,
    meetingId: input.meetingId,
    ...(input.stallReason ? { stallReason: input.stallReason } : {}),
    ...(input.deferUntil ? { deferUntil: input.deferUntil } : {}),
  };
  if (!MEETING_ID.test(input.meetingId))
    throw new EstatesError(
      'bad_input',
      `meeting id must be letters, digits, '.', '_' or '-' (e.g. LEB-2025-03), not ${input.meetingId}`,
    );
  return db.transaction().execute(async (trx) => {
    const loaded = await appendToCase(trx, await loadCase(trx, input.caseId), request, now, input.version);
    await trx
      .insertInto('board_meetings')
      .values({ id: input.meetingId, held_on: londonDate(now) })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return loaded;
  });
}

const MEETING_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
