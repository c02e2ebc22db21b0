import {
  factsOnRecord,
  isClosed,
  type CaseEvent,
  type CaseFact,
  type CaseOutcome,
  type CaseStage,
  type CaseState,
} from '../domain/case-events.js';
import type { Role } from '../domain/roles.js';
import { TRANSITIONS, visitDeadline } from '../domain/case-workflow.js';
import { forecastCases, type CaseForecast } from '../domain/forecast.js';
import { londonDate } from '../domain/working-days.js';
import { listCaseRows, type CaseRow } from '../db/cases.js';
import type { Executor } from '../db/connect.js';
import { loadCase, loadCaseStates } from './case-record.js';

/** What a case page and the case list show (CLI `cases show` and `cases`, GET /api/cases/:id and /api/cases): one shape for both. */

/** Forecast draws and seed for a single case page: fixed, so the page reads the same each time. */
export const CASE_PAGE_FORECAST = { draws: 1_000, seed: 1 } as const;

export interface NextStep {
  to: string;
  roles: Role[];
  guards: string[];
}

export interface CasePage {
  caseId: number;
  siteId: number;
  siteRef: string;
  siteName: string | null;
  stage: CaseStage;
  version: number;
  openedAt: string;
  closedAt: string | null;
  /** Last day of the current stage's target (or a deferral's date); null when closed. */
  deadline: string | null;
  forecast: Pick<
    CaseForecast,
    'p50' | 'p90' | 'p50WorkingDays' | 'p90WorkingDays' | 'completionProbability' | 'withinFiveYears' | 'withinTenYears'
  > | null;
  /** What is on the record now, for the forms that add to it: facts held, interests still open, outcomes so far. */
  record: { factsOnRecord: CaseFact['fact'][]; openInterests: string[]; outcome: CaseOutcome };
  /** Moves the caller's role may make from here (all moves when no role is given). */
  nextSteps: NextStep[];
  timeline: Array<{
    sequence: number;
    kind: string;
    actor: string;
    role: string;
    occurredAt: string;
    fromStage: string | null;
    toStage: string | null;
    reason: string;
    payload: Record<string, unknown>;
    hash: string;
  }>;
}

export function nextSteps(state: CaseState, role?: Role): NextStep[] {
  if (isClosed(state.stage)) return [];
  return TRANSITIONS.filter((t) => t.from === state.stage && (role === undefined || t.roles.includes(role))).map(
    (t) => ({ to: t.to, roles: [...t.roles], guards: [...t.guards] }),
  );
}

export const caseDeadline = (state: CaseState, now: Date): string | null =>
  isClosed(state.stage) ? null : visitDeadline(state, state.visits.length - 1, londonDate(now));

const timelineEntry = (e: CaseEvent) => ({
  sequence: e.sequence,
  kind: e.kind,
  actor: e.actor,
  role: e.role,
  occurredAt: e.occurredAt,
  fromStage: e.fromStage,
  toStage: e.toStage,
  reason: e.reason,
  payload: e.payload as unknown as Record<string, unknown>,
  hash: e.hash,
});

export async function casePage(db: Executor, caseId: number, now: Date, role?: Role): Promise<CasePage> {
  const { row, events, state } = await loadCase(db, caseId);
  let forecast: CasePage['forecast'] = null;
  if (!isClosed(state.stage)) {
    const history = await loadCaseStates(db);
    const f = forecastCases({ cases: [state], history, now, ...CASE_PAGE_FORECAST }).cases[0];
    if (f) {
      const { p50, p90, p50WorkingDays, p90WorkingDays, completionProbability, withinFiveYears, withinTenYears } = f;
      forecast = { p50, p90, p50WorkingDays, p90WorkingDays, completionProbability, withinFiveYears, withinTenYears };
    }
  }
  return {
    ...caseSummary(row),
    stage: state.stage,
    version: state.sequence,
    deadline: caseDeadline(state, now),
    forecast,
    record: {
      factsOnRecord: factsOnRecord(state.facts),
      openInterests: state.interests.filter((i) => i.closedOn === null).map((i) => i.body),
      outcome: state.outcome,
    },
    nextSteps: nextSteps(state, role),
    timeline: events.map(timelineEntry),
  };
}

export type CaseSummary = ReturnType<typeof caseSummary>;

export const caseSummary = (row: CaseRow) => ({
  caseId: row.id,
  siteId: row.siteId,
  siteRef: row.siteRef,
  siteName: row.siteName,
  stage: row.stage,
  version: row.version,
  openedAt: row.openedAt.toISOString(),
  closedAt: row.closedAt?.toISOString() ?? null,
});

export type CaseListEntry = CaseSummary & { deadline: string | null };

/** Every case (or the open ones) with its stage and the deadline of the stage it is in. */
export async function listCases(db: Executor, options: { openOnly?: boolean }, now: Date): Promise<CaseListEntry[]> {
  const states = new Map((await loadCaseStates(db)).map((s) => [s.caseId, s]));
  return (await listCaseRows(db, options)).map((row) => {
    const state = states.get(row.id);
    return { ...caseSummary(row), deadline: state ? caseDeadline(state, now) : null };
  });
}
