import type { OutcomeUpdate, ReinvestmentCategory } from '../domain/case-events.js';
import type { Role } from '../domain/roles.js';
import { completedCaseOfSite } from '../db/cases.js';
import type { Db } from '../db/connect.js';
import { CATEGORY_FIELD, columnLabel, readOutcomes, type StatedOutcome } from '../ingest/outcomes.js';
import type { RowProblem } from '../domain/records.js';
import { appendToCase, loadCase } from './case-record.js';

/**
 * Outcomes after sale, loaded from a file keyed by site reference. Only what differs from the
 * case's record becomes an event, so loading the same file twice adds nothing. A row that cannot
 * be read, or that does not fit its case, is a problem naming its row, field and code; the other
 * rows still load.
 */

export interface OutcomeProblem extends RowProblem {
  row: number;
  siteRef: string;
}

export interface OutcomeLoadResult {
  rows: number;
  casesChanged: number;
  events: number;
  unchanged: number;
  problems: OutcomeProblem[];
}

/** Who loads the file: every event names them, in their role (housing may state homes, not money). */
export interface OutcomeLoader {
  actor: string;
  role: Role;
}

/** A row that reads but does not fit its case (no completed case, a reinvestment total going down). */
class OutcomeRefused extends Error {
  constructor(readonly problem: RowProblem) {
    super(problem.message);
  }
}

export async function loadOutcomes(
  db: Db,
  file: { bytes: Uint8Array; filename: string },
  loader: OutcomeLoader,
  now: Date,
): Promise<OutcomeLoadResult> {
  const result: OutcomeLoadResult = { rows: 0, casesChanged: 0, events: 0, unchanged: 0, problems: [] };
  for await (const outcome of readOutcomes(file.bytes, { filename: file.filename })) {
    result.rows += 1;
    if (outcome.kind === 'rejected') {
      const siteRef = Object.values(outcome.raw)[0] ?? '';
      for (const p of outcome.problems) result.problems.push({ row: outcome.row, siteRef, ...p });
      continue;
    }
    const stated = outcome.record;
    try {
      const added = await loadRow(db, stated, loader, now);
      if (added === 0) result.unchanged += 1;
      else {
        result.casesChanged += 1;
        result.events += added;
      }
    } catch (e) {
      if (!(e instanceof OutcomeRefused)) throw e;
      result.problems.push({ row: outcome.row, siteRef: stated.siteRef, ...e.problem });
    }
  }
  return result;
}

async function loadRow(db: Db, stated: StatedOutcome, { actor, role }: OutcomeLoader, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const caseId = await completedCaseOfSite(trx, stated.siteRef);
    if (caseId === null)
      throw new OutcomeRefused({
        field: columnLabel('siteRef'),
        code: 'no_completed_case',
        message: `no completed case for site ${stated.siteRef}`,
      });
    let loaded = await loadCase(trx, caseId);
    const { outcome } = loaded.state;
    const update: OutcomeUpdate = {};
    for (const key of ['homesPermitted', 'homesStarted', 'homesCompleted', 'receiptPence'] as const) {
      const value = stated[key];
      if (value !== undefined && value !== outcome[key]) update[key] = value;
    }
    let events = 0;
    const reason = 'outcomes loaded from file';
    if (Object.keys(update).length > 0) {
      loaded = await appendToCase(trx, loaded, { kind: 'record_outcome', outcome: update, actor, role, reason }, now);
      events += 1;
    }
    for (const category of Object.keys(CATEGORY_FIELD) as ReinvestmentCategory[]) {
      const total = stated.reinvested[category];
      if (total === undefined) continue;
      const recorded = loaded.state.outcome.reinvestments
        .filter((r) => r.category === category)
        .reduce((s, r) => s + r.amountPence, 0);
      if (total < recorded)
        throw new OutcomeRefused({
          field: columnLabel(CATEGORY_FIELD[category]),
          code: 'reinvestment_decreased',
          message: `${columnLabel(CATEGORY_FIELD[category])} (${total}) is less than already recorded (${recorded}); reinvestments are not undone`,
        });
      if (total > recorded) {
        loaded = await appendToCase(
          trx,
          loaded,
          {
            kind: 'record_outcome',
            outcome: { reinvestment: { category, amountPence: total - recorded } },
            actor,
            role,
            reason,
          },
          now,
        );
        events += 1;
      }
    }
    return events;
  });
}
