import type { ReinvestmentCategory } from '../domain/case-events.js';
import type { ColumnSpecs } from './headers.js';
import type { ReadOptions, RowOutcome } from './outcome.js';
import type { RowFields } from './row-fields.js';
import { readTabular, type TabularSource } from './tabular.js';

/**
 * The outcomes file (CSV or XLSX), keyed by site reference: each row states totals as they stand (homes, receipt,
 * reinvestment by category; blank means not stated). Read here like every other register, so a bad figure is a
 * rejected row naming its field and code, not a thrown error; src/cases/outcomes.ts turns what differs from a
 * case's record into events.
 */
const columns = {
  siteRef: { label: 'site_ref', aliases: ['Site Reference', 'Property Reference', 'Site Code'] },
  homesPermitted: { label: 'homes_permitted' },
  homesStarted: { label: 'homes_started' },
  homesCompleted: { label: 'homes_completed' },
  receiptPence: { label: 'receipt_pence' },
  reinvestedPrimaryCarePence: { label: 'reinvested_primary_care_pence' },
  reinvestedCommunityCarePence: { label: 'reinvested_community_care_pence' },
  reinvestedOtherPence: { label: 'reinvested_other_pence' },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

export const OUTCOME_COLUMNS = Object.values(columns).map((c) => c.label);

/** Which column states each reinvestment category's total. */
export const CATEGORY_FIELD: Record<ReinvestmentCategory, Field> = {
  primary_care: 'reinvestedPrimaryCarePence',
  community_care: 'reinvestedCommunityCarePence',
  other: 'reinvestedOtherPence',
};

export const columnLabel = (field: Field): string => columns[field].label;

export interface StatedOutcome {
  siteRef: string;
  homesPermitted: number | undefined;
  homesStarted: number | undefined;
  homesCompleted: number | undefined;
  receiptPence: number | undefined;
  reinvested: Record<ReinvestmentCategory, number | undefined>;
}

const WHOLE = { min: 0, max: Number.MAX_SAFE_INTEGER };

function stated(fields: RowFields<Field>): StatedOutcome {
  const count = (field: Field): number | undefined => fields.number(field, WHOLE, { integer: true }) ?? undefined;
  return {
    siteRef: fields.required('siteRef') ?? '',
    homesPermitted: count('homesPermitted'),
    homesStarted: count('homesStarted'),
    homesCompleted: count('homesCompleted'),
    receiptPence: count('receiptPence'),
    reinvested: {
      primary_care: count(CATEGORY_FIELD.primary_care),
      community_care: count(CATEGORY_FIELD.community_care),
      other: count(CATEGORY_FIELD.other),
    },
  };
}

const outcomesSource: TabularSource<Field, StatedOutcome> = {
  columns,
  requiredColumns: ['siteRef'],
  converter: () => stated,
};

export function readOutcomes(bytes: Uint8Array, options: ReadOptions): AsyncIterable<RowOutcome<StatedOutcome>> {
  return readTabular(bytes, options, outcomesSource);
}
