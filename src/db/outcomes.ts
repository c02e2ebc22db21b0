import { parse } from 'csv-parse/sync';
import type { OutcomeUpdate, ReinvestmentCategory } from '../domain/case-events.js';
import { EstatesError } from '../errors.js';
import { appendToCase, loadCase } from './cases.js';
import type { Db } from './connect.js';

/**
 * Outcomes after sale, loaded from a CSV keyed by site reference. Each row states totals as
 * they stand (homes, receipt, reinvestment by category); only what differs from the case's
 * record becomes an event, so loading the same file twice adds nothing.
 */

export const OUTCOME_COLUMNS = [
  'site_ref',
  'homes_permitted',
  'homes_started',
  'homes_completed',
  'receipt_pence',
  'reinvested_primary_care_pence',
  'reinvested_community_care_pence',
  'reinvested_other_pence',
] as const;

const CATEGORY_COLUMN: Record<ReinvestmentCategory, (typeof OUTCOME_COLUMNS)[number]> = {
  primary_care: 'reinvested_primary_care_pence',
  community_care: 'reinvested_community_care_pence',
  other: 'reinvested_other_pence',
};

export interface OutcomeLoadResult {
  rows: number;
  casesChanged: number;
  events: number;
  unchanged: number;
  problems: Array<{ row: number; siteRef: string; message: string }>;
}

function count(value: string | undefined, column: string): number | undefined {
  const text = (value ?? '').trim().replace(/,/g, '');
  if (text === '') return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new Error(`${column} must be a whole number, not "${value}"`);
  return Number(text);
}

export async function loadOutcomesCsv(db: Db, csv: string, actor: string, now: Date): Promise<OutcomeLoadResult> {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      trim: true,
    });
  } catch (e) {
    throw new EstatesError('bad_input', `the outcomes file is not readable CSV: ${(e as Error).message}`, { cause: e });
  }
  const header = records[0] ? Object.keys(records[0]) : [];
  if (records.length > 0 && !header.includes('site_ref'))
    throw new EstatesError(
      'bad_input',
      `the outcomes file needs a site_ref column (columns: ${OUTCOME_COLUMNS.join(', ')})`,
    );
  const result: OutcomeLoadResult = { rows: records.length, casesChanged: 0, events: 0, unchanged: 0, problems: [] };
  for (const [index, record] of records.entries()) {
    const row = index + 2;
    const siteRef = record.site_ref ?? '';
    try {
      const added = await loadRow(db, record, siteRef, actor, now);
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
  actor: string,
  now: Date,
): Promise<number> {
  const stated = {
    homesPermitted: count(record.homes_permitted, 'homes_permitted'),
    homesStarted: count(record.homes_started, 'homes_started'),
    homesCompleted: count(record.homes_completed, 'homes_completed'),
    receiptPence: count(record.receipt_pence, 'receipt_pence'),
  };
  const reinvested = Object.fromEntries(
    (Object.keys(CATEGORY_COLUMN) as ReinvestmentCategory[]).map((c) => [
      c,
      count(record[CATEGORY_COLUMN[c]], CATEGORY_COLUMN[c]),
    ]),
  ) as Record<ReinvestmentCategory, number | undefined>;
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('cases as c')
      .innerJoin('sites as s', 's.id', 'c.site_id')
      .select('c.id')
      .where('s.source_ref', '=', siteRef)
      .where('c.stage', '=', 'completed')
      .orderBy('c.id', 'desc')
      .executeTakeFirst();
    if (!found) throw new Error(`no completed case for site ${siteRef}`);
    let loaded = await loadCase(trx, found.id);
    const { outcome } = loaded.state;
    const update: OutcomeUpdate = {};
    for (const key of ['homesPermitted', 'homesStarted', 'homesCompleted', 'receiptPence'] as const) {
      const value = stated[key];
      if (value !== undefined && value !== outcome[key]) update[key] = value;
    }
    let events = 0;
    const reason = 'outcomes loaded from file';
    if (Object.keys(update).length > 0) {
      loaded = await appendToCase(
        trx,
        loaded,
        { kind: 'record_outcome', outcome: update, actor, role: 'officer', reason },
        now,
      );
      events += 1;
    }
    for (const category of Object.keys(CATEGORY_COLUMN) as ReinvestmentCategory[]) {
      const total = reinvested[category];
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
            role: 'officer',
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
