import {
  defaultStageDurations,
  firstRefusalWorkingDays,
  stageTargetWorkingDays,
  type StageDurations,
} from './assumptions/workflow.js';
import {
  BOARD_DECISIONS,
  DECISION_STAGE,
  MEETING_ID,
  PATH_STAGES,
  currentVisit,
  applyEvent,
  foldCaseEvents,
  isClosed,
  isPathStage,
  sealCaseEvent,
  type CaseEvent,
  type CaseEventFields,
  type CaseFact,
  type FactDocument,
  type CaseStage,
  type CaseState,
  type MovePayload,
  type OutcomeUpdate,
  type PathStage,
  type StageVisit,
} from './case-events.js';
import type { Role } from './roles.js';
import { STALL_REASON_CODES, stallReasonProblem, type StallReason, type StallReasonCode } from './stall-reasons.js';
import { addWorkingDays, dayNumber, londonDate, workingDaysBetween, type IsoDate } from './working-days.js';

/**
 * The disposal workflow: which stage may follow which, who may move a case, and what must be
 * on record first. Every request is judged here and either becomes one sealed event or is
 * refused with the rule that forbids it; nothing else changes a case.
 */

// ── Requests and verdicts ────────────────────────────────────────────────────────────────

interface RequestBase {
  actor: string;
  role: Role;
  /** Why, in the actor's words; every event carries one. */
  reason: string;
}

export type TransitionRequest = RequestBase & MovePayload & { kind: 'transition'; to: CaseStage; meetingId?: string };

export type CaseRequest =
  | TransitionRequest
  | (RequestBase & { kind: 'record_fact'; fact: CaseFact; document?: FactDocument })
  | (RequestBase & { kind: 'interest_received'; body: string })
  | (RequestBase & { kind: 'interest_closed'; body: string })
  | (RequestBase & { kind: 'explain_delay'; stallReason: StallReason })
  | (RequestBase & { kind: 'record_outcome'; outcome: OutcomeUpdate });

export type GuardRule =
  | 'commissioner_confirmation'
  | 'reprovision_plan'
  | 'board_meeting'
  | 'epims_reference'
  | 'first_refusal_waiver'
  | 'no_open_interest'
  | 'first_refusal_period'
  | 'public_buyer_interest'
  | 'title_report'
  | 'planning_brief'
  | 'valuation'
  | 'planning_outcome'
  | 'sale_agreement'
  | 'stall_reason'
  | 'defer_until'
  | 'deferral_over';

export type RefusalRule =
  | GuardRule
  | 'case_closed'
  | 'no_such_transition'
  | 'role_not_allowed'
  | 'reason_required'
  | 'clock_backwards'
  | 'wrong_stage'
  | 'bad_fact'
  | 'bad_outcome'
  | 'bad_meeting_id'
  | 'unknown_interest';

export interface Refusal {
  ok: false;
  rule: RefusalRule;
  message: string;
}

export type Verdict = { ok: true; event: CaseEvent; state: CaseState } | Refusal;

const refuse = (rule: RefusalRule, message: string): Refusal => ({ ok: false, rule, message });

// ── The transition table ─────────────────────────────────────────────────────────────────

export interface TransitionRule {
  from: CaseStage;
  to: CaseStage;
  roles: readonly Role[];
  guards: readonly GuardRule[];
}

const OWNER: readonly Role[] = ['officer'];
const BOARD: readonly Role[] = ['board'];
const OWNER_OR_BOARD: readonly Role[] = ['officer', 'board'];

/** Stages before a sale is agreed from which the NHS may still decide to keep the site. */
const RETAINABLE: readonly PathStage[] = [
  'identified',
  'surplus_declared',
  'approved_for_disposal',
  'first_refusal',
  'due_diligence',
  'planning',
  'marketing',
];

export const TRANSITIONS: readonly TransitionRule[] = [
  {
    from: 'identified',
    to: 'surplus_declared',
    roles: OWNER,
    guards: ['commissioner_confirmation', 'reprovision_plan'],
  },
  { from: 'surplus_declared', to: 'board_review', roles: OWNER, guards: [] },
  // The Board's three decisions, each minuted at a meeting.
  { from: 'board_review', to: 'approved_for_disposal', roles: BOARD, guards: ['board_meeting'] },
  { from: 'board_review', to: 'deferred', roles: BOARD, guards: ['board_meeting', 'stall_reason', 'defer_until'] },
  { from: 'board_review', to: 'retained', roles: BOARD, guards: ['board_meeting'] },
  { from: 'approved_for_disposal', to: 'first_refusal', roles: OWNER, guards: ['epims_reference'] },
  // First refusal is voluntary for NHS trusts (DOMAIN §2), so it may be waived, with the reason.
  { from: 'approved_for_disposal', to: 'due_diligence', roles: OWNER, guards: ['first_refusal_waiver'] },
  { from: 'first_refusal', to: 'due_diligence', roles: OWNER, guards: ['no_open_interest', 'first_refusal_period'] },
  {
    from: 'first_refusal',
    to: 'sale_agreed',
    roles: OWNER,
    guards: ['valuation', 'sale_agreement', 'public_buyer_interest'],
  },
  { from: 'due_diligence', to: 'planning', roles: OWNER, guards: ['title_report', 'planning_brief', 'valuation'] },
  { from: 'planning', to: 'marketing', roles: OWNER, guards: ['planning_outcome'] },
  { from: 'marketing', to: 'sale_agreed', roles: OWNER, guards: ['sale_agreement'] },
  { from: 'sale_agreed', to: 'marketing', roles: OWNER, guards: [] },
  { from: 'sale_agreed', to: 'completed', roles: OWNER, guards: ['sale_agreement'] },
  ...PATH_STAGES.filter((s) => s !== 'board_review').map(
    (from): TransitionRule => ({
      from,
      to: 'deferred',
      roles: OWNER_OR_BOARD,
      guards: ['stall_reason', 'defer_until'],
    }),
  ),
  ...PATH_STAGES.map(
    (to): TransitionRule => ({ from: 'deferred', to, roles: OWNER_OR_BOARD, guards: ['deferral_over'] }),
  ),
  ...[...PATH_STAGES, 'deferred' as const].map(
    (from): TransitionRule => ({ from, to: 'withdrawn', roles: OWNER_OR_BOARD, guards: ['stall_reason'] }),
  ),
  ...[...RETAINABLE, 'deferred' as const].map(
    (from): TransitionRule => ({ from, to: 'retained', roles: OWNER_OR_BOARD, guards: [] }),
  ),
];

export function findTransition(from: CaseStage, to: CaseStage): TransitionRule | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to);
}

// ── Guards ───────────────────────────────────────────────────────────────────────────────

const filled = (text: string | undefined | null): text is string => typeof text === 'string' && text.trim() !== '';

/** Working days an expression of interest held the case, up to `until` (the pause of DOMAIN §2). */
function pausedWorkingDays(state: CaseState, visit: StageVisit, until: IsoDate): number {
  return state.interests
    .filter((i) => i.receivedOn >= visit.enteredOn && (visit.leftOn === null || i.receivedOn <= visit.leftOn))
    .reduce((sum, i) => {
      const end = [i.closedOn ?? until, visit.leftOn ?? until, until].sort()[0] as IsoDate;
      return sum + Math.max(0, workingDaysBetween(i.receivedOn, end));
    }, 0);
}

const openInterests = (state: CaseState) => state.interests.filter((i) => i.closedOn === null);

function checkGuard(guard: GuardRule, state: CaseState, request: TransitionRequest, today: IsoDate): Refusal | null {
  const { facts } = state;
  switch (guard) {
    case 'commissioner_confirmation':
      return facts.commissionerConfirmation
        ? null
        : refuse(guard, 'the commissioner has not confirmed that the site has no clinical need');
    case 'reprovision_plan':
      return facts.reprovisionPlan
        ? null
        : refuse(guard, 'no reprovision plan is recorded for the services on the site');
    case 'board_meeting':
      if (!filled(request.meetingId)) return refuse(guard, 'a Board decision must name the meeting that took it');
      return MEETING_ID.test(request.meetingId)
        ? null
        : refuse(
            'bad_meeting_id',
            `meeting id must be letters, digits, '.', '_' or '-' (e.g. LEB-2025-03), not ${request.meetingId}`,
          );
    case 'epims_reference':
      return filled(request.epimsReference)
        ? null
        : refuse(guard, 'listing for first refusal needs the ePIMS reference');
    case 'first_refusal_waiver':
      return filled(request.firstRefusalWaiver)
        ? null
        : refuse(guard, 'skipping public-sector first refusal needs the reason it is waived');
    case 'no_open_interest': {
      const open = openInterests(state);
      return open.length === 0
        ? null
        : refuse(guard, `an expression of interest from ${open.map((i) => i.body).join(', ')} pauses the sale route`);
    }
    case 'first_refusal_period': {
      const listedOn = state.epimsListing?.listedOn ?? currentVisit(state).enteredOn;
      const counted = workingDaysBetween(listedOn, today) - pausedWorkingDays(state, currentVisit(state), today);
      const period = firstRefusalWorkingDays.value;
      return counted >= period
        ? null
        : refuse(
            guard,
            `first refusal runs ${period} working days; ${counted} have passed since listing on ${listedOn}`,
          );
    }
    case 'public_buyer_interest': {
      const buyer = facts.saleAgreement?.buyer;
      const interested = openInterests(state).some((i) => i.body === buyer);
      return facts.saleAgreement?.publicBody && interested
        ? null
        : refuse(guard, 'a sale during first refusal must be to a public body whose expression of interest is open');
    }
    case 'title_report':
      return facts.titleReport ? null : refuse(guard, 'no title report is recorded');
    case 'planning_brief':
      return facts.planningBrief ? null : refuse(guard, 'no planning brief is recorded');
    case 'valuation':
      return facts.valuation ? null : refuse(guard, 'no valuation is recorded');
    case 'planning_outcome':
      return facts.planningOutcome
        ? null
        : refuse(guard, 'no planning outcome (consent, or a decision to sell without it) is recorded');
    case 'sale_agreement':
      return facts.saleAgreement ? null : refuse(guard, 'no sale agreement (buyer and price) is recorded');
    case 'stall_reason': {
      const problem = stallReasonProblem(request.stallReason);
      return problem ? refuse(guard, problem) : null;
    }
    case 'defer_until': {
      const until = request.deferUntil;
      if (!until || !validDate(until))
        return refuse(guard, 'a deferral needs the date (yyyy-mm-dd) the case comes back');
      return until > today ? null : refuse(guard, `a deferral must run to a date after today (${today}), not ${until}`);
    }
    case 'deferral_over': {
      const deferral = state.deferral;
      if (!deferral) return refuse(guard, 'the case records no deferral to come back from');
      if (request.to !== deferral.from)
        return refuse(guard, `a deferred case comes back to the stage it left (${deferral.from}), not ${request.to}`);
      return today >= deferral.until ? null : refuse(guard, `the case is deferred until ${deferral.until}`);
    }
  }
}

function validDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

// ── Judging requests ─────────────────────────────────────────────────────────────────────

const isPence = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isCount = isPence;

function factProblem(fact: CaseFact): string | null {
  switch (fact.fact) {
    case 'commissioner_confirmation':
      return filled(fact.commissioner) ? null : 'name the commissioner who confirmed';
    case 'reprovision_plan':
    case 'title_report':
    case 'planning_brief':
      return filled(fact.summary) ? null : `a ${fact.fact.replace('_', ' ')} needs a summary`;
    case 'valuation':
      if (!isPence(fact.marketValuePence)) return 'market value must be whole pence, not negative';
      if (!isCount(fact.capacityHomes)) return 'housing capacity must be a whole number of homes';
      if (!validDate(fact.valuedOn)) return 'valuation date must be yyyy-mm-dd';
      return filled(fact.basis) ? null : 'say the basis of the valuation';
    case 'planning_outcome':
      if (!['outline_consent', 'full_consent', 'sale_without_consent'].includes(fact.outcome))
        return 'unknown planning outcome';
      return fact.homesPermitted === null || isCount(fact.homesPermitted)
        ? null
        : 'homes permitted must be a whole number';
    case 'sale_agreement':
      if (!filled(fact.buyer)) return 'name the buyer';
      return isPence(fact.pricePence) ? null : 'agreed price must be whole pence, not negative';
  }
}

function documentProblem(document: FactDocument | undefined): string | null {
  if (document === undefined) return null;
  if (!filled(document.reference) || document.reference.length > 200)
    return 'a document is named by its reference (1 to 200 characters)';
  const file = document.file;
  if (file && (!filled(file.filename) || !/^[0-9a-f]{64}$/.test(file.sha256) || !isCount(file.sizeBytes)))
    return 'an attached file is named by its file name, sha256 and size';
  return null;
}

function outcomeProblem(outcome: OutcomeUpdate, role: Role, state: CaseState): string | null {
  const money = outcome.receiptPence !== undefined || outcome.reinvestment !== undefined;
  if (money && role !== 'officer') return 'only the disposing officer records receipts and their reinvestment';
  if (outcome.receiptPence !== undefined && !isPence(outcome.receiptPence))
    return 'receipt must be whole pence, not negative';
  for (const key of ['homesPermitted', 'homesStarted', 'homesCompleted'] as const) {
    const value = outcome[key];
    if (value !== undefined && !isCount(value)) return `${key} must be a whole number`;
  }
  const r = outcome.reinvestment;
  if (r) {
    if (!['primary_care', 'community_care', 'other'].includes(r.category))
      return 'reinvestment goes to primary_care, community_care or other';
    if (!isPence(r.amountPence)) return 'reinvested amount must be whole pence';
    const receipt = outcome.receiptPence ?? state.outcome.receiptPence;
    if (receipt === null) return 'record the receipt before saying where it was reinvested';
    const total = state.outcome.reinvestments.reduce((s, x) => s + x.amountPence, 0) + r.amountPence;
    if (total > receipt) return `reinvestments (${total}p) would exceed the receipt (${receipt}p)`;
  }
  return Object.keys(outcome).length > 0 ? null : 'an outcome must say something';
}

function judgeTransition(
  state: CaseState,
  request: TransitionRequest,
  today: IsoDate,
): Refusal | { kind: 'transition' | 'board_decision'; payload: Record<string, unknown> } {
  const rule = findTransition(state.stage, request.to);
  if (!rule) return refuse('no_such_transition', `a case cannot move from ${state.stage} to ${request.to}`);
  if (!rule.roles.includes(request.role)) {
    return refuse(
      'role_not_allowed',
      `${state.stage} → ${request.to} is for ${rule.roles.join(' or ')}, not ${request.role}`,
    );
  }
  for (const guard of rule.guards) {
    const refusal = checkGuard(guard, state, request, today);
    if (refusal) return refusal;
  }
  const payload: MovePayload = {
    ...(rule.guards.includes('stall_reason') ? { stallReason: request.stallReason } : {}),
    ...(rule.guards.includes('defer_until') ? { deferUntil: request.deferUntil } : {}),
    ...(rule.guards.includes('epims_reference') ? { epimsReference: request.epimsReference } : {}),
    ...(rule.guards.includes('first_refusal_waiver') ? { firstRefusalWaiver: request.firstRefusalWaiver } : {}),
  };
  // Out of board review, a move to a decision's stage is the Board's decision; a withdrawal is a plain move.
  const decision = BOARD_DECISIONS.find((d) => DECISION_STAGE[d] === request.to);
  if (state.stage === 'board_review' && decision !== undefined) {
    return { kind: 'board_decision', payload: { ...payload, meetingId: request.meetingId, decision } };
  }
  return { kind: 'transition', payload: { ...payload } };
}

/** Who may make each request that is not a move (a move's roles are in TRANSITIONS); the API's route table reads it. */
export const REQUEST_ROLES: Readonly<Record<Exclude<CaseRequest['kind'], 'transition'>, readonly Role[]>> = {
  record_fact: OWNER,
  interest_received: OWNER,
  interest_closed: OWNER,
  explain_delay: OWNER_OR_BOARD,
  record_outcome: ['officer', 'housing'],
};

type Judged = Refusal | { kind: CaseEventFields['kind']; payload: Record<string, unknown> };

function judge(state: CaseState, request: CaseRequest, today: IsoDate): Judged {
  if (request.kind === 'transition') {
    if (isClosed(state.stage))
      return refuse('case_closed', `the case is ${state.stage}; open a new case to start again`);
    return judgeTransition(state, request, today);
  }
  if (!REQUEST_ROLES[request.kind].includes(request.role)) {
    return refuse(
      'role_not_allowed',
      `${request.kind} is for ${REQUEST_ROLES[request.kind].join(' or ')}, not ${request.role}`,
    );
  }
  if (request.kind === 'record_outcome') {
    if (state.stage !== 'completed') return refuse('wrong_stage', 'outcomes are recorded once the sale has completed');
    const problem = outcomeProblem(request.outcome, request.role, state);
    return problem
      ? refuse('bad_outcome', problem)
      : { kind: 'outcome_recorded', payload: { outcome: request.outcome } };
  }
  if (isClosed(state.stage)) return refuse('case_closed', `the case is ${state.stage}`);
  switch (request.kind) {
    case 'record_fact': {
      const problem = factProblem(request.fact) ?? documentProblem(request.document);
      if (problem) return refuse('bad_fact', problem);
      return {
        kind: 'fact_recorded',
        payload: { fact: request.fact, ...(request.document ? { document: request.document } : {}) },
      };
    }
    case 'interest_received':
      if (state.stage !== 'first_refusal')
        return refuse('wrong_stage', 'expressions of interest come during public-sector first refusal');
      if (!filled(request.body)) return refuse('unknown_interest', 'name the public body interested');
      if (openInterests(state).some((i) => i.body === request.body))
        return refuse('unknown_interest', `${request.body} already has an open expression of interest`);
      return { kind: 'interest_received', payload: { body: request.body } };
    case 'interest_closed':
      if (!openInterests(state).some((i) => i.body === request.body))
        return refuse('unknown_interest', `no open expression of interest from ${request.body}`);
      return { kind: 'interest_closed', payload: { body: request.body } };
    case 'explain_delay': {
      if (!isPathStage(state.stage)) return refuse('wrong_stage', `a ${state.stage} case already carries its reason`);
      const problem = stallReasonProblem(request.stallReason);
      return problem
        ? refuse('stall_reason', problem)
        : { kind: 'delay_explained', payload: { stallReason: request.stallReason } };
    }
  }
}

/**
 * Judges a request against a case at `now`: either the sealed event to append (and the state
 * it leads to) or the rule that refuses it.
 */
export function applyTransition(state: CaseState, request: CaseRequest, now: Date): Verdict {
  if (!filled(request.actor)) return refuse('reason_required', 'every event names who made it');
  if (!filled(request.reason)) return refuse('reason_required', 'every event carries a reason');
  if (now.getTime() < Date.parse(state.lastOccurredAt)) {
    return refuse('clock_backwards', `${now.toISOString()} is before the case's last event (${state.lastOccurredAt})`);
  }
  const judged = judge(state, request, londonDate(now));
  if ('ok' in judged) return judged;
  const moves = request.kind === 'transition';
  const fields = {
    caseId: state.caseId,
    sequence: state.sequence + 1,
    kind: judged.kind,
    actor: request.actor,
    role: request.role,
    occurredAt: now.toISOString(),
    fromStage: state.stage,
    toStage: moves ? request.to : state.stage,
    reason: request.reason,
    payload: judged.payload,
  } as CaseEventFields;
  const event = sealCaseEvent(fields, state.headHash);
  return { ok: true, event, state: applyEvent(state, event) };
}

export interface OpenCaseRequest extends RequestBase {
  caseId: number;
  siteId: number;
}

/** The first event of a case: a site identified as a possible disposal. */
export function openCase(request: OpenCaseRequest, now: Date): Verdict {
  if (!OWNER_OR_BOARD.includes(request.role))
    return refuse('role_not_allowed', `cases are opened by officer or board, not ${request.role}`);
  if (!filled(request.actor) || !filled(request.reason))
    return refuse('reason_required', 'opening a case names who and why');
  const event = sealCaseEvent(
    {
      caseId: request.caseId,
      sequence: 1,
      kind: 'opened',
      actor: request.actor,
      role: request.role,
      occurredAt: now.toISOString(),
      fromStage: null,
      toStage: 'identified',
      reason: request.reason,
      payload: { siteId: request.siteId },
    },
    null,
  );
  return { ok: true, event, state: foldCaseEvents([event]) };
}

// ── Deadlines in working days ────────────────────────────────────────────────────────────

/** The last day a stage entered on `enteredOn` may run to; null for stages without a target. */
export function stageDeadline(
  enteredOn: IsoDate,
  stage: CaseStage,
  durations: StageDurations = defaultStageDurations(),
): IsoDate | null {
  return isPathStage(stage) ? addWorkingDays(enteredOn, stageTargetWorkingDays(stage, durations)) : null;
}

/**
 * A visit's deadline, as the case's history shapes it: a deferral runs to its date; a stage
 * resumed after a deferral keeps only what was left of its target; first refusal stops its
 * clock while an expression of interest is open (its deadline moves on day by day).
 */
export function visitDeadline(
  state: CaseState,
  visitIndex: number,
  today: IsoDate,
  durations: StageDurations = defaultStageDurations(),
): IsoDate | null {
  const visit = state.visits[visitIndex];
  if (!visit) return null;
  if (visit.stage === 'deferred') return visit.deferUntil;
  if (!isPathStage(visit.stage)) return null;
  const stage = visit.stage;
  const spentBeforeDeferral = state.visits
    .slice(0, visitIndex)
    .filter((v) => v.stage === stage && v.exitTo === 'deferred' && v.leftOn !== null)
    .reduce((sum, v) => sum + workingDaysBetween(v.enteredOn, v.leftOn as IsoDate), 0);
  let target = Math.max(0, stageTargetWorkingDays(stage, durations) - spentBeforeDeferral);
  if (stage === 'first_refusal') {
    target += pausedWorkingDays(state, visit, visit.leftOn ?? today);
  }
  return addWorkingDays(visit.enteredOn, target);
}

export interface Escalation {
  caseId: number;
  stage: CaseStage;
  enteredAt: string;
  deadline: IsoDate;
  workingDaysOverdue: number;
  /** The reason recorded for the delay, or null while nobody has explained it. */
  stallReason: StallReason | null;
  /** The same breach always gives the same key (case, stage, entry), so it escalates once. */
  key: string;
}

export function escalationKey(caseId: number, stage: CaseStage, enteredAt: string): string {
  return `escalation-${caseId}-${stage}-${enteredAt.replace(/[^0-9A-Za-z]/g, '')}`;
}

/** Open cases whose current stage (or deferral) has run past its deadline at `now`. */
export function overdueStages(
  cases: readonly CaseState[],
  now: Date,
  durations: StageDurations = defaultStageDurations(),
): Escalation[] {
  const today = londonDate(now);
  const escalations: Escalation[] = [];
  for (const state of cases) {
    if (isClosed(state.stage)) continue;
    const index = state.visits.length - 1;
    const deadline = visitDeadline(state, index, today, durations);
    if (deadline === null || today <= deadline) continue;
    const visit = currentVisit(state);
    escalations.push({
      caseId: state.caseId,
      stage: visit.stage,
      enteredAt: visit.enteredAt,
      deadline,
      workingDaysOverdue: workingDaysBetween(deadline, today),
      stallReason: visit.stallReason,
      key: escalationKey(state.caseId, visit.stage, visit.enteredAt),
    });
  }
  return escalations.sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue || a.caseId - b.caseId);
}

// ── Days lost, by reason ─────────────────────────────────────────────────────────────────

export interface DaysLost {
  reason: StallReasonCode | 'unexplained';
  /** Working days spent deferred plus working days stages ran past their deadlines. */
  workingDaysLost: number;
  deferrals: number;
  overdueStages: number;
  withdrawals: number;
}

/**
 * Working days lost by stall reason across cases, up to `now`: every day a case sat deferred
 * counts against the deferral's reason, and every day a stage ran past its deadline against
 * the reason given for it ("unexplained" until someone gives one). Withdrawals are counted,
 * not costed in days: the work they discard is not a delay.
 */
export function daysLostByReason(
  cases: readonly CaseState[],
  now: Date,
  durations: StageDurations = defaultStageDurations(),
): DaysLost[] {
  const today = londonDate(now);
  const rows = new Map<DaysLost['reason'], DaysLost>(
    [...STALL_REASON_CODES, 'unexplained' as const].map((reason) => [
      reason,
      { reason, workingDaysLost: 0, deferrals: 0, overdueStages: 0, withdrawals: 0 },
    ]),
  );
  const row = (reason: StallReason | null): DaysLost => rows.get(reason?.code ?? 'unexplained') as DaysLost;
  for (const state of cases) {
    state.visits.forEach((visit, index) => {
      const end = visit.leftOn ?? today;
      if (visit.stage === 'withdrawn') {
        row(visit.stallReason).withdrawals += 1;
      } else if (visit.stage === 'deferred') {
        const r = row(visit.stallReason);
        r.deferrals += 1;
        r.workingDaysLost += Math.max(0, workingDaysBetween(visit.enteredOn, end));
      } else if (isPathStage(visit.stage)) {
        const deadline = visitDeadline(state, index, end, durations);
        if (deadline !== null && end > deadline) {
          const r = row(visit.stallReason);
          r.overdueStages += 1;
          r.workingDaysLost += workingDaysBetween(deadline, end);
        }
      }
    });
  }
  return [...rows.values()];
}

// ── The Board's agenda ───────────────────────────────────────────────────────────────────

export interface AgendaInput<C extends { siteId: number; rank: number }> {
  /** The ranked list, best first or not: it is sorted by rank here. */
  candidates: readonly C[];
  cases: readonly CaseState[];
  now: Date;
  /** How many new candidates to bring. */
  topN: number;
  durations?: StageDurations;
}

export interface Agenda<C> {
  /** Top-ranked sites with no open case and not retained (a withdrawn site may come back). */
  newCandidates: C[];
  /** Cases in Board review, longest waiting first. */
  awaitingDecision: CaseState[];
  overdue: Escalation[];
}

export function buildAgenda<C extends { siteId: number; rank: number }>(input: AgendaInput<C>): Agenda<C> {
  const taken = new Set(input.cases.filter((c) => !isClosed(c.stage) || c.stage === 'retained').map((c) => c.siteId));
  const newCandidates = [...input.candidates]
    .sort((a, b) => a.rank - b.rank || a.siteId - b.siteId)
    .filter((c) => !taken.has(c.siteId))
    .slice(0, Math.max(0, input.topN));
  const awaitingDecision = input.cases
    .filter((c) => c.stage === 'board_review')
    .sort((a, b) => currentVisit(a).enteredAt.localeCompare(currentVisit(b).enteredAt) || a.caseId - b.caseId);
  return { newCandidates, awaitingDecision, overdue: overdueStages(input.cases, input.now, input.durations) };
}
