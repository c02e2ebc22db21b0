import type { OutcomeUpdate, ReinvestmentCategory } from '../domain/case-events.js';
import type { Role } from '../domain/roles.js';
import { completedCaseOfSite } from '../db/cases.js';
import type { Db } from '../db/connect.js';
import { CATEGORY_COLUMN, readOutcomesCsv, statedOutcome } from '../db/outcomes.js';
import { appendToCase, loadCase } from './case-record.js';

/**
 * Outcomes after sale, loaded from a CSV keyed by site reference. Only what differs from the
 * case's record becomes an event, so loading the same file twice adds nothing.
 */

export interface OutcomeLoadResult {
  rows: number;
  casesChanged: number;
  events: number;
  unchanged: number;
  problems: Array<{ row: number; siteRef: string; message: string }>;
}

/** Who loads the file: every event names them, in their role (housing may state homes, not money). */
export interface OutcomeLoader {
  actor: string;
  role: Role;
}

export async function loadOutcomesCsv(
  db: Db,
  csv: string,
  loader: OutcomeLoader,
  now: Date,
): Promise<OutcomeLoadResult> {
  const records = readOutcomesCsv(csv);
  const result: OutcomeLoadResult = { rows: records.length, casesChanged: 0, events: 0, unchanged: 0, problems: [] };
  for (const [index, record] of records.entries()) {
    const row = index + 2;
    const siteRef = record.site_ref ?? '';
    try {
      const added = await loadRow(db, record, siteRef, loader, now);
      if (added === 0) result.unchanged += 1;
      else {
        result.casesChanged += 1;
        result.events += added;
      }
    } catch (e) {
      result.problems.push({ row, siteRef, message: (e as Error).message });
    }
  }
  return result;
}

async function loadRow(
  db: Db,
  record: Record<string, string>,
  siteRef: string,
  { actor, role }: OutcomeLoader,
  now: Date,
): Promise<number> {
  const stated = statedOutcome(record);
  return db.transaction().execute(async (trx) => {
    const caseId = await completedCaseOfSite(trx, siteRef);
    if (caseId === null) throw new Error(`no completed case for site ${siteRef}`);
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
    for (const category of Object.keys(CATEGORY_COLUMN) as ReinvestmentCategory[]) {
      const total = stated.reinvested[category];
      if (total === undefined) continue;
      const recorded = loaded.state.outcome.reinvestments
        .filter((r) => r.category === category)
        .reduce((s, r) => s + r.amountPence, 0);
      if (total < recorded)
        throw new Error(
          `${CATEGORY_COLUMN[category]} (${total}) is less than already recorded (${recorded}); reinvestments are not undone`,
        );
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
