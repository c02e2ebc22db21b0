import { buildAgenda, type Escalation, type TransitionRequest } from '../domain/case-workflow.js';
import { DECISION_STAGE, type BoardDecisionKind, type MovePayload } from '../domain/case-events.js';
import type { Db, Executor } from '../db/connect.js';
import { rankedList, type RankedSiteRow } from '../db/ranking.js';
import { EstatesError } from '../errors.js';
import { actOnCase, loadCaseStates, type LoadedCase } from './case-record.js';

/** The Board's side of the workflow: its agenda for a meeting date, and its recorded decisions. */

export interface BoardAgenda {
  meetingDate: string;
  /** Top-ranked sites with no open case and not retained. */
  newCandidates: RankedSiteRow[];
  /** Cases in Board review, longest waiting first, with the day each entered it. */
  awaitingDecision: Array<{ caseId: number; siteId: number; since: string | null }>;
  overdue: Escalation[];
}

/** What the Board should see at a meeting on `meetingDate`: new candidates, cases awaiting it, overdue stages. */
export async function boardAgenda(db: Executor, meetingDate: string, topN: number): Promise<BoardAgenda> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(meetingDate) || Number.isNaN(Date.parse(`${meetingDate}T12:00:00Z`))) {
    throw new EstatesError('bad_input', `meeting date must be yyyy-mm-dd, not ${meetingDate}`);
  }
  const [{ sites }, cases] = await Promise.all([rankedList(db, { top: 100_000 }), loadCaseStates(db)]);
  // Judged at midday London time on the meeting date, so the agenda is the same whenever it is printed.
  const agenda = buildAgenda({ candidates: sites, cases, now: new Date(`${meetingDate}T12:00:00Z`), topN });
  return {
    meetingDate,
    newCandidates: agenda.newCandidates,
    awaitingDecision: agenda.awaitingDecision.map((c) => ({
      caseId: c.caseId,
      siteId: c.siteId,
      since: c.visits[c.visits.length - 1]?.enteredOn ?? null,
    })),
    overdue: agenda.overdue,
  };
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

/** A Board decision is a transition out of board_review naming its meeting (the domain checks its form). */
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
  return actOnCase(db, input.caseId, request, now, input.version);
}
