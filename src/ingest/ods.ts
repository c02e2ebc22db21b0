import type { PracticeStatus } from '../domain/occupiers.js';
import { FileUnreadable } from './file-unreadable.js';
import type { ColumnSpecs } from './headers.js';
import { duplicateTracker, type TabularSource } from './tabular.js';

/** epraccur's status code (column 13); etrust leaves the column blank. */
const STATUSES: ReadonlyArray<readonly [string, PracticeStatus]> = [
  ['A', 'active'],
  ['C', 'closed'],
  ['D', 'dormant'],
  ['P', 'proposed'],
];

/** One organisation from an ODS file: an NHS trust, one of its sites, or a GP practice. */
export interface OdsOrganisation {
  odsCode: string;
  name: string;
  postcode: string | null;
  /** ISO yyyy-mm-dd. */
  openDate: string | null;
  closeDate: string | null;
  kind: 'trust' | 'trust-site' | 'gp-practice';
  /** Null where the file gives none (etrust: its close date says whether it closed). */
  status: PracticeStatus | null;
  /** A site's trust (its code's first three characters); a practice's commissioner (epraccur column 15). */
  parentCode: string | null;
}

/**
 * ODS files (`etrust`, `epraccur`) have no header row; columns are known by position (DOMAIN §7): 1 code,
 * 2 name, 10 postcode, 11 open date, 12 close date, and for practices 13 the status (A active, C closed,
 * D dormant, P proposed) and 15 the commissioner.
 */
const columns = {
  code: { label: 'column1' },
  name: { label: 'column2' },
  postcode: { label: 'column10' },
  openDate: { label: 'column11' },
  closeDate: { label: 'column12' },
  status: { label: 'column13' },
  commissioner: { label: 'column15' },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

const ODS_CODE = /^[A-Z0-9]{3,6}$/;
/** etrust and epraccur rows have 27 fields; fewer than 12 cannot hold the dates. */
const MIN_ODS_FIELDS = 12;

const KIND_BY_LENGTH: Record<number, OdsOrganisation['kind']> = { 3: 'trust', 5: 'trust-site', 6: 'gp-practice' };

function impliedHeader(firstRow: readonly string[]): readonly string[] {
  const first = (firstRow[0] ?? '').trim();
  if (!ODS_CODE.test(first) || firstRow.length < MIN_ODS_FIELDS) {
    throw new FileUnreadable(
      `this is not an ODS file as NHS Digital publishes it (no header row, an organisation code first, 27 columns): the first line starts "${firstRow.slice(0, 3).join(',')}" and has ${firstRow.length} columns`,
    );
  }
  return firstRow.map((_, i) => `column${i + 1}`);
}

export const odsSource: TabularSource<Field, OdsOrganisation> = {
  columns,
  requiredColumns: ['code', 'name'],
  impliedHeader,
  converter: () => {
    const firstRowOf = duplicateTracker();
    return (f, row) => {
      const odsCode = (f.required('code') ?? '').toUpperCase();
      let kind: OdsOrganisation['kind'] = 'trust';
      if (odsCode) {
        const known = KIND_BY_LENGTH[odsCode.length];
        if (known && ODS_CODE.test(odsCode)) kind = known;
        else
          f.problem(
            'code',
            'bad_value',
            `"${odsCode}" is not an ODS code of a trust (3 characters), trust site (5) or GP practice (6)`,
          );
        const first = firstRowOf(odsCode, row);
        if (first !== null) f.problem('code', 'duplicate_in_file', `ODS code ${odsCode} is already on row ${first}`);
      }
      const parentCode =
        kind === 'trust-site' ? odsCode.slice(0, 3) : kind === 'gp-practice' ? f.text('commissioner') : null;
      return {
        odsCode,
        name: f.required('name') ?? '',
        postcode: f.postcode('postcode'),
        openDate: f.date('openDate', 'compact'),
        closeDate: f.date('closeDate', 'compact'),
        kind,
        status: f.choice('status', STATUSES, 'ODS status code (A active, C closed, D dormant, P proposed)'),
        parentCode,
      };
    };
  },
};
