import { createHash } from 'node:crypto';
import { EstatesError } from '../errors.js';
import type { Role } from './roles.js';
import type { StallReason } from './stall-reasons.js';
import { londonDate, type IsoDate } from './working-days.js';

/**
 * A disposal case is its events: an append-only, hash-chained list of who did what, in which
 * role, when, from which stage to which, and why. The current state is never stored apart from
 * them; foldCaseEvents() rebuilds it, so the history cannot drift from the state it explains.
 */

/** The path a disposal takes, in order; a case completes after the last. */
export const PATH_STAGES = [
  'identified',
  'surplus_declared',
  'board_review',
  'approved_for_disposal',
  'first_refusal',
  'due_diligence',
  'planning',
  'marketing',
  'sale_agreed',
] as const;
export type PathStage = (typeof PATH_STAGES)[number];

export const CLOSED_STAGES = ['completed', 'withdrawn', 'retained'] as const;
export type ClosedStage = (typeof CLOSED_STAGES)[number];

export type CaseStage = PathStage | 'deferred' | ClosedStage;
export const CASE_STAGES: readonly CaseStage[] = [...PATH_STAGES, 'deferred', ...CLOSED_STAGES];

export const isClosed = (stage: CaseStage): stage is ClosedStage =>
  (CLOSED_STAGES as readonly string[]).includes(stage);
export const isPathStage = (stage: CaseStage): stage is PathStage => (PATH_STAGES as readonly string[]).includes(stage);

// ── Facts a guard may require before a case moves on ─────────────────────────────────────

export type PlanningOutcomeKind = 'outline_consent' | 'full_consent' | 'sale_without_consent';

export type CaseFact =
  /** The commissioner (ICB) confirms the site has no clinical need (DOMAIN §2). */
  | { fact: 'commissioner_confirmation'; commissioner: string }
  | { fact: 'reprovision_plan'; summary: string }
  | { fact: 'title_report'; summary: string }
  | { fact: 'planning_brief'; summary: string }
  | { fact: 'valuation'; marketValuePence: number; capacityHomes: number; valuedOn: IsoDate; basis: string }
  | { fact: 'planning_outcome'; outcome: PlanningOutcomeKind; reference: string | null; homesPermitted: number | null }
  | { fact: 'sale_agreement'; buyer: string; pricePence: number; publicBody: boolean };

/**
 * The document a fact rests on: its reference in the estates team's records (a file number, a
 * report's title and date) and, when the file itself was attached, which stored file it is. The
 * file's sha256 sits in the hash-chained event, so a file swapped later no longer matches it.
 */
export interface FactDocument {
  reference: string;
  file?: { filename: string; sha256: string; sizeBytes: number };
}

type FactOf<K extends CaseFact['fact']> = Omit<Extract<CaseFact, { fact: K }>, 'fact'>;

export interface CaseFacts {
  commissionerConfirmation: FactOf<'commissioner_confirmation'> | null;
  reprovisionPlan: FactOf<'reprovision_plan'> | null;
  titleReport: FactOf<'title_report'> | null;
  planningBrief: FactOf<'planning_brief'> | null;
  valuation: FactOf<'valuation'> | null;
  planningOutcome: FactOf<'planning_outcome'> | null;
  saleAgreement: FactOf<'sale_agreement'> | null;
}

const FACT_FIELD: Readonly<Record<CaseFact['fact'], keyof CaseFacts>> = {
  commissioner_confirmation: 'commissionerConfirmation',
  reprovision_plan: 'reprovisionPlan',
  title_report: 'titleReport',
  planning_brief: 'planningBrief',
  valuation: 'valuation',
  planning_outcome: 'planningOutcome',
  sale_agreement: 'saleAgreement',
};

/** Which facts a case has on record now (a sale agreement that fell through is no longer on it). */
export const factsOnRecord = (facts: CaseFacts): CaseFact['fact'][] =>
  (Object.keys(FACT_FIELD) as CaseFact['fact'][]).filter((kind) => facts[FACT_FIELD[kind]] !== null);

// ── Outcomes after sale ──────────────────────────────────────────────────────────────────

export type ReinvestmentCategory = 'primary_care' | 'community_care' | 'other';
export interface Reinvestment {
  category: ReinvestmentCategory;
  amountPence: number;
  note?: string;
}

/** What an outcome event may say; each field given replaces the last value recorded. */
export interface OutcomeUpdate {
  receiptPence?: number;
  reinvestment?: Reinvestment;
  homesPermitted?: number;
  homesStarted?: number;
  homesCompleted?: number;
}

export interface CaseOutcome {
  receiptPence: number | null;
  reinvestments: Reinvestment[];
  homesPermitted: number | null;
  homesStarted: number | null;
  homesCompleted: number | null;
}

// ── Events ───────────────────────────────────────────────────────────────────────────────

/** The Board's three decisions on a case in board review, and the stage each moves it to. */
export const DECISION_STAGE = {
  approve: 'approved_for_disposal',
  defer: 'deferred',
  reject: 'retained',
} as const satisfies Record<string, CaseStage>;
export type BoardDecisionKind = keyof typeof DECISION_STAGE;
export const BOARD_DECISIONS = Object.keys(DECISION_STAGE) as BoardDecisionKind[];

/**
 * How a Board meeting is named (e.g. LEB-2025-03): a letter or digit, then up to 63 letters,
 * digits, '.', '_' or '-'. The same source is the web form's HTML pattern (GET /api/ui-config).
 */
// biome-ignore lint/complexity/noUselessEscapeInRegex: an HTML pattern is compiled with the v flag, where a bare '-' in a class is a syntax error
export const MEETING_ID = /^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$/;

export interface MovePayload {
  stallReason?: StallReason;
  deferUntil?: IsoDate;
  epimsReference?: string;
  firstRefusalWaiver?: string;
}

interface EventShapes {
  opened: { siteId: number };
  transition: MovePayload;
  board_decision: MovePayload & { meetingId: string; decision: BoardDecisionKind };
  fact_recorded: { fact: CaseFact; document?: FactDocument };
  interest_received: { body: string };
  interest_closed: { body: string };
  delay_explained: { stallReason: StallReason };
  outcome_recorded: { outcome: OutcomeUpdate };
}
export type CaseEventKind = keyof EventShapes;

interface EventBase {
  caseId: number;
  /** 1, 2, 3… with no gaps: a gap or a swap is tampering. */
  sequence: number;
  actor: string;
  role: Role;
  /** ISO 8601 instant (Date.toISOString()); hashed as text, so store it as given. */
  occurredAt: string;
  fromStage: CaseStage | null;
  toStage: CaseStage | null;
  reason: string;
}

export type CaseEventFields = { [K in CaseEventKind]: EventBase & { kind: K; payload: EventShapes[K] } }[CaseEventKind];

export type CaseEvent = CaseEventFields & {
  /** The previous event's hash; null for the first event of a case. */
  previousHash: string | null;
  /** sha256 (hex) of the canonical JSON of this event's fields and previousHash. */
  hash: string;
};

// ── Hash chain ───────────────────────────────────────────────────────────────────────────

/** JSON with object keys sorted at every depth, so a database's key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new EstatesError('bad_input', `cannot hash a non-finite number (${value})`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new EstatesError('bad_input', `cannot hash a ${typeof value}`);
}

export function hashCaseEvent(fields: CaseEventFields, previousHash: string | null): string {
  const { caseId, sequence, kind, actor, role, occurredAt, fromStage, toStage, reason, payload } = fields;
  const hashed = { caseId, sequence, kind, actor, role, occurredAt, fromStage, toStage, reason, payload, previousHash };
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

export function sealCaseEvent(fields: CaseEventFields, previousHash: string | null): CaseEvent {
  return { ...fields, previousHash, hash: hashCaseEvent(fields, previousHash) };
}

export type ChainVerdict = { ok: true } | { ok: false; brokenAt: number; reason: string };

/**
 * Checks numbering, links and hashes in order and names the first event that does not fit.
 * A chain cut short at the end still links, so pass the head the case row recorded
 * (sequence and hash of its last event) to catch that too.
 */
export function verifyChain(
  events: readonly CaseEvent[],
  expectedHead?: { sequence: number; hash: string },
): ChainVerdict {
  let previous: CaseEvent | null = null;
  for (const [index, event] of events.entries()) {
    if (event.sequence !== index + 1) {
      return {
        ok: false,
        brokenAt: event.sequence,
        reason: `event ${index + 1} of the chain carries sequence ${event.sequence}: one was removed or reordered`,
      };
    }
    if (previous && event.caseId !== previous.caseId) {
      return {
        ok: false,
        brokenAt: event.sequence,
        reason: `event belongs to case ${event.caseId}, not ${previous.caseId}`,
      };
    }
    const expectedPrevious = previous ? previous.hash : null;
    if (event.previousHash !== expectedPrevious) {
      return {
        ok: false,
        brokenAt: event.sequence,
        reason: 'previousHash does not match the hash of the event before it',
      };
    }
    if (hashCaseEvent(event, event.previousHash) !== event.hash) {
      return {
        ok: false,
        brokenAt: event.sequence,
        reason: 'the event was altered after it was recorded: its hash no longer matches its fields',
      };
    }
    previous = event;
  }
  if (expectedHead) {
    const last = events[events.length - 1];
    if (!last || last.sequence !== expectedHead.sequence || last.hash !== expectedHead.hash) {
      return {
        ok: false,
        brokenAt: expectedHead.sequence,
        reason: `the chain ends at ${last ? last.sequence : 0}, not at the recorded head ${expectedHead.sequence}`,
      };
    }
  }
  return { ok: true };
}

// ── State folded from events ─────────────────────────────────────────────────────────────

export interface StageVisit {
  stage: CaseStage;
  enteredAt: string;
  /** London date of entry: the day deadlines count from. */
  enteredOn: IsoDate;
  leftAt: string | null;
  leftOn: IsoDate | null;
  exitTo: CaseStage | null;
  /** Why this visit stalled: the deferral or withdrawal reason, or an overdue stage's explanation. */
  stallReason: StallReason | null;
  /** Deferred visits only: the date the case may come back. */
  deferUntil: IsoDate | null;
}

export interface ExpressionOfInterest {
  body: string;
  receivedOn: IsoDate;
  closedOn: IsoDate | null;
}

export interface BoardDecision {
  meetingId: string;
  decision: BoardDecisionKind;
  decidedOn: IsoDate;
  sequence: number;
}

export interface CaseState {
  caseId: number;
  siteId: number;
  stage: CaseStage;
  openedAt: string;
  sequence: number;
  headHash: string;
  lastOccurredAt: string;
  /** Every stage the case has been in, in order; the last is the current one. */
  visits: StageVisit[];
  /** Set while deferred: the stage to come back to, and when. */
  deferral: { from: PathStage; until: IsoDate; reason: StallReason } | null;
  facts: CaseFacts;
  epimsListing: { reference: string; listedOn: IsoDate } | null;
  firstRefusalWaiver: string | null;
  interests: ExpressionOfInterest[];
  boardDecisions: BoardDecision[];
  outcome: CaseOutcome;
}

export function currentVisit(state: CaseState): StageVisit {
  const visit = state.visits[state.visits.length - 1];
  if (!visit) throw new EstatesError('bad_input', `case ${state.caseId} has no stage visits`);
  return visit;
}

function openedState(event: CaseEvent & { kind: 'opened' }): CaseState {
  return {
    caseId: event.caseId,
    siteId: event.payload.siteId,
    stage: 'identified',
    openedAt: event.occurredAt,
    sequence: event.sequence,
    headHash: event.hash,
    lastOccurredAt: event.occurredAt,
    visits: [
      {
        stage: 'identified',
        enteredAt: event.occurredAt,
        enteredOn: londonDate(new Date(event.occurredAt)),
        leftAt: null,
        leftOn: null,
        exitTo: null,
        stallReason: null,
        deferUntil: null,
      },
    ],
    deferral: null,
    facts: {
      commissionerConfirmation: null,
      reprovisionPlan: null,
      titleReport: null,
      planningBrief: null,
      valuation: null,
      planningOutcome: null,
      saleAgreement: null,
    },
    epimsListing: null,
    firstRefusalWaiver: null,
    interests: [],
    boardDecisions: [],
    outcome: { receiptPence: null, reinvestments: [], homesPermitted: null, homesStarted: null, homesCompleted: null },
  };
}

function move(state: CaseState, event: CaseEvent & { kind: 'transition' | 'board_decision' }): CaseState {
  const to = event.toStage;
  if (!to) throw new EstatesError('bad_input', `event ${event.sequence} moves case ${event.caseId} to no stage`);
  const on = londonDate(new Date(event.occurredAt));
  const { stallReason, deferUntil, epimsReference, firstRefusalWaiver } = event.payload;
  const visits = state.visits.slice(0, -1);
  visits.push({ ...currentVisit(state), leftAt: event.occurredAt, leftOn: on, exitTo: to });
  visits.push({
    stage: to,
    enteredAt: event.occurredAt,
    enteredOn: on,
    leftAt: null,
    leftOn: null,
    exitTo: null,
    stallReason: to === 'deferred' || to === 'withdrawn' ? (stallReason ?? null) : null,
    deferUntil: to === 'deferred' ? (deferUntil ?? null) : null,
  });
  const from = state.stage;
  const next: CaseState = { ...state, stage: to, visits };
  next.deferral =
    to === 'deferred' && isPathStage(from) && stallReason && deferUntil
      ? { from, until: deferUntil, reason: stallReason }
      : null;
  if (to === 'first_refusal' && epimsReference) next.epimsListing = { reference: epimsReference, listedOn: on };
  if (firstRefusalWaiver) next.firstRefusalWaiver = firstRefusalWaiver;
  // A sale that falls through must be agreed afresh before the case can move on again.
  if (from === 'sale_agreed' && to === 'marketing') next.facts = { ...state.facts, saleAgreement: null };
  if (event.kind === 'board_decision') {
    next.boardDecisions = [
      ...state.boardDecisions,
      { meetingId: event.payload.meetingId, decision: event.payload.decision, decidedOn: on, sequence: event.sequence },
    ];
  }
  return next;
}

function recordOutcome(outcome: CaseOutcome, update: OutcomeUpdate): CaseOutcome {
  return {
    receiptPence: update.receiptPence ?? outcome.receiptPence,
    reinvestments: update.reinvestment ? [...outcome.reinvestments, update.reinvestment] : outcome.reinvestments,
    homesPermitted: update.homesPermitted ?? outcome.homesPermitted,
    homesStarted: update.homesStarted ?? outcome.homesStarted,
    homesCompleted: update.homesCompleted ?? outcome.homesCompleted,
  };
}

/** One more event on a case; trusts the event (applyTransition is where requests are judged). */
export function applyEvent(state: CaseState, event: CaseEvent): CaseState {
  if (event.caseId !== state.caseId || event.sequence !== state.sequence + 1) {
    throw new EstatesError(
      'bad_input',
      `event ${event.sequence} of case ${event.caseId} does not follow event ${state.sequence} of case ${state.caseId}`,
    );
  }
  const base = { ...state, sequence: event.sequence, headHash: event.hash, lastOccurredAt: event.occurredAt };
  const on = londonDate(new Date(event.occurredAt));
  switch (event.kind) {
    case 'opened':
      throw new EstatesError('bad_input', `case ${state.caseId} is opened twice (event ${event.sequence})`);
    case 'transition':
    case 'board_decision':
      return move(base, event);
    case 'fact_recorded': {
      const { fact, ...fields } = event.payload.fact;
      return { ...base, facts: { ...state.facts, [FACT_FIELD[fact]]: fields } };
    }
    case 'interest_received':
      return { ...base, interests: [...state.interests, { body: event.payload.body, receivedOn: on, closedOn: null }] };
    case 'interest_closed':
      return {
        ...base,
        interests: state.interests.map((i) =>
          i.body === event.payload.body && i.closedOn === null ? { ...i, closedOn: on } : i,
        ),
      };
    case 'delay_explained': {
      const visits = state.visits.slice(0, -1);
      visits.push({ ...currentVisit(state), stallReason: event.payload.stallReason });
      return { ...base, visits };
    }
    case 'outcome_recorded':
      return { ...base, outcome: recordOutcome(state.outcome, event.payload.outcome) };
  }
}

/** The case as its events say it is. The first event must open it. */
export function foldCaseEvents(events: readonly CaseEvent[]): CaseState {
  const [first, ...rest] = events;
  if (first?.kind !== 'opened' || first.sequence !== 1) {
    throw new EstatesError('bad_input', 'a case history must start with its opening event, sequence 1');
  }
  return rest.reduce(applyEvent, openedState(first));
}
