import { foldCaseEvents, isClosed, type CaseEvent, type CaseState } from '../domain/case-events.js';
import type { Role } from '../domain/roles.js';
import { applyTransition, openCase, type CaseRequest, type Refusal } from '../domain/case-workflow.js';
import { londonDate } from '../domain/working-days.js';
import {
  caseRow,
  findSite,
  insertCase,
  insertEvent,
  loadAllCaseEvents,
  loadCaseEvents,
  moveCaseCache,
  onLatestRankedList,
  openCaseOfSite,
  recordBoardMeeting,
  type CaseRow,
} from '../db/cases.js';
import type { Db, Executor } from '../db/connect.js';
import { EstatesError } from '../errors.js';

/**
 * A case's record as the use cases see it: loaded and folded from its events, and changed only
 * by a request the domain has judged, whose event is appended in the same transaction that
 * moves the cached stage. The API, the CLI, the workers and the demo all change cases here.
 */

export interface LoadedCase {
  row: CaseRow;
  events: CaseEvent[];
  state: CaseState;
}

/** How a refusal reaches the caller: a wrong role is forbidden, a malformed request bad input, the rest an illegal move. */
export function refusalError(refusal: Refusal): EstatesError {
  const code =
    refusal.rule === 'role_not_allowed'
      ? 'forbidden'
      : ['reason_required', 'bad_fact', 'bad_outcome', 'bad_meeting_id'].includes(refusal.rule)
        ? 'bad_input'
        : 'illegal_transition';
  return new EstatesError(code, `refused (${refusal.rule}): ${refusal.message}`, { details: { rule: refusal.rule } });
}

/** The state of every case that has a history, folded from its events (the cache is not read). */
export async function loadCaseStates(db: Executor): Promise<CaseState[]> {
  const states: CaseState[] = [];
  for (const events of (await loadAllCaseEvents(db)).values()) states.push(foldCaseEvents(events));
  return states;
}

export async function loadCase(db: Executor, caseId: number): Promise<LoadedCase> {
  const row = await caseRow(db, caseId);
  const events = await loadCaseEvents(db, caseId);
  // A conflict, not a crash: the row and its history disagree, and `estates audit verify` names it.
  if (events.length === 0)
    throw new EstatesError(
      'conflict',
      `case ${caseId} has no events: its history is missing (see estates audit verify)`,
    );
  return { row, events, state: foldCaseEvents(events) };
}

export interface OpenCaseInput {
  site: string | number;
  actor: string;
  role: Role;
  reason: string;
}

/** Opens a case for a site on the latest ranked list that is not already in an open case. */
export async function openCaseForSite(db: Db, input: OpenCaseInput, now: Date): Promise<LoadedCase> {
  return db.transaction().execute(async (trx) => {
    const site = await findSite(trx, input.site);
    if (!(await onLatestRankedList(trx, site.id)))
      throw new EstatesError('illegal_transition', `site ${site.sourceRef} is not on the latest ranked list`);
    const open = await openCaseOfSite(trx, site.id);
    if (open !== null)
      throw new EstatesError('conflict', `site ${site.sourceRef} is already in open case ${open}`, {
        details: { caseId: open },
      });
    const request = { siteId: site.id, actor: input.actor, role: input.role, reason: input.reason };
    // The domain judges the request first, with a placeholder id, so a refusal writes nothing.
    const trial = openCase({ caseId: 1, ...request }, now);
    if (!trial.ok) throw refusalError(trial);
    const caseId = await insertCase(trx, site, now);
    const verdict = openCase({ caseId, ...request }, now);
    if (!verdict.ok) throw refusalError(verdict);
    await insertEvent(trx, verdict.event);
    await moveCaseCache(trx, caseId, 0, verdict.state, false, now);
    return { row: await caseRow(trx, caseId), events: [verdict.event], state: verdict.state };
  });
}

/**
 * Judges a request against the case as loaded in this transaction and appends its event. The
 * caller owns the transaction: a concurrent writer that loaded the same head fails on commit
 * order with 'conflict', never with a second event at the same sequence. A Board decision
 * records its meeting, whichever route it came by.
 */
export async function appendToCase(
  trx: Executor,
  loaded: LoadedCase,
  request: CaseRequest,
  now: Date,
  expectedVersion?: number,
): Promise<LoadedCase> {
  const { state } = loaded;
  if (expectedVersion !== undefined && expectedVersion !== state.sequence) {
    throw new EstatesError(
      'conflict',
      `case ${state.caseId} is at version ${state.sequence}, not ${expectedVersion}: reload it and try again`,
      { details: { version: state.sequence } },
    );
  }
  const verdict = applyTransition(state, request, now);
  if (!verdict.ok) throw refusalError(verdict);
  await insertEvent(trx, verdict.event);
  await moveCaseCache(trx, state.caseId, state.sequence, verdict.state, isClosed(verdict.state.stage), now);
  if (verdict.event.kind === 'board_decision')
    await recordBoardMeeting(trx, verdict.event.payload.meetingId, londonDate(now));
  return { row: await caseRow(trx, state.caseId), events: [...loaded.events, verdict.event], state: verdict.state };
}

/** One request on one case, in its own transaction. `expectedVersion` is the version the caller saw. */
export async function actOnCase(
  db: Db,
  caseId: number,
  request: CaseRequest,
  now: Date,
  expectedVersion?: number,
): Promise<LoadedCase> {
  return db
    .transaction()
    .execute(async (trx) => appendToCase(trx, await loadCase(trx, caseId), request, now, expectedVersion));
}
