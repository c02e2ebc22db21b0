import { parse } from 'csv-parse/sync';
import type { ReinvestmentCategory } from '../domain/case-events.js';
import { EstatesError } from '../errors.js';

/**
 * The outcomes CSV, keyed by site reference: each row states totals as they stand (homes,
 * receipt, reinvestment by category). Read here; src/cases/outcomes.ts turns what differs from
 * a case's record into events.
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

export const CATEGORY_COLUMN: Record<ReinvestmentCategory, (typeof OUTCOME_COLUMNS)[number]> = {
  primary_care: 'reinvested_primary_care_pence',
  community_care: 'reinvested_community_care_pence',
  other: 'reinvested_other_pence',
};

function count(value: string | undefined, column: string): number | undefined {
  const text = (value ?? '').trim().replace(/,/g, '');
  if (text === '') return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new Error(`${column} must be a whole number, not "${value}"`);
  return Number(text);
}

export function readOutcomesCsv(csv: string): Record<string, string>[] {
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
  return records;
}

export interface StatedOutcome {
  homesPermitted: number | undefined;
  homesStarted: number | undefined;
  homesCompleted: number | undefined;
  receiptPence: number | undefined;
  reinvested: Record<ReinvestmentCategory, number | undefined>;
}

/** The totals a row states (blank: not stated); a malformed figure throws, naming its column. */
export function statedOutcome(record: Record<string, string>): StatedOutcome {
  return {
    homesPermitted: count(record.homes_permitted, 'homes_permitted'),
    homesStarted: count(record.homes_started, 'homes_started'),
    homesCompleted: count(record.homes_completed, 'homes_completed'),
    receiptPence: count(record.receipt_pence, 'receipt_pence'),
    reinvested: Object.fromEntries(
      (Object.keys(CATEGORY_COLUMN) as ReinvestmentCategory[]).map((c) => [
        c,
        count(record[CATEGORY_COLUMN[c]], CATEGORY_COLUMN[c]),
      ]),
    ) as Record<ReinvestmentCategory, number | undefined>,
  };
}
