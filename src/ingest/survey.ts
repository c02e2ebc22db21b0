import type { BacklogPence, Grade, SpaceUtilisation, SurveyBlockRecord } from '../domain/records.js';
import type { ColumnSpecs } from './headers.js';
import type { RowFields } from './row-fields.js';
import { COMMON_COLUMNS } from './site-record.js';
import { duplicateTracker, type TabularSource } from './tabular.js';
import { parseGrade } from './values.js';

/** Six-facet condition survey, one row per block (docs/formats.md#survey). */
const columns = {
  siteRef: { label: 'Site Reference', aliases: ['Site Ref', 'Site Code', 'Site ID'] },
  block: { label: 'Block', aliases: ['Block Name', 'Block Reference', 'Block Ref', 'Block ID'] },
  surveyDate: { label: 'Survey Date', aliases: ['Date of Survey', 'Date Surveyed'] },
  surveyor: { label: 'Surveyor', aliases: ['Surveyed By'] },
  giaM2: COMMON_COLUMNS.giaM2,
  yearBuilt: COMMON_COLUMNS.yearBuilt,
  physical: { label: 'Physical Condition', aliases: ['Physical', 'Condition', 'Physical Condition Grade'] },
  functional: { label: 'Functional Suitability', aliases: ['Functional', 'Functionality', 'Suitability'] },
  spaceUtilisation: { label: 'Space Utilisation', aliases: ['Space Utilization', 'Utilisation', 'Utilization'] },
  quality: { label: 'Quality', aliases: ['Quality Grade'] },
  statutory: { label: 'Statutory Compliance', aliases: ['Statutory', 'Compliance'] },
  environmental: { label: 'Environmental', aliases: ['Environmental Management', 'Environment'] },
  backlogHigh: { label: 'Backlog High (GBP)', aliases: ['Backlog High', 'High Risk Backlog', 'Backlog High Risk'] },
  backlogSignificant: {
    label: 'Backlog Significant (GBP)',
    aliases: ['Backlog Significant', 'Significant Risk Backlog', 'Backlog Significant Risk'],
  },
  backlogModerate: {
    label: 'Backlog Moderate (GBP)',
    aliases: ['Backlog Moderate', 'Moderate Risk Backlog', 'Backlog Moderate Risk'],
  },
  backlogLow: { label: 'Backlog Low (GBP)', aliases: ['Backlog Low', 'Low Risk Backlog', 'Backlog Low Risk'] },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

const SPACE_UTILISATION: ReadonlyArray<readonly [string, SpaceUtilisation]> = [
  ['Empty', 'empty'],
  ['Under-used', 'under-used'],
  ['Fully used', 'fully-used'],
  ['Overcrowded', 'overcrowded'],
];

function grade(f: RowFields<Field>, field: Field): Grade | null {
  return f.parsed(field, (text) => parseGrade(text))?.grade ?? null;
}

/** A blank backlog cell is no backlog reported: the survey's total is then what the other bands hold. */
function backlog(f: RowFields<Field>): BacklogPence {
  return {
    high: f.pence('backlogHigh') ?? 0,
    significant: f.pence('backlogSignificant') ?? 0,
    moderate: f.pence('backlogModerate') ?? 0,
    low: f.pence('backlogLow') ?? 0,
  };
}

export const surveySource: TabularSource<Field, SurveyBlockRecord> = {
  columns,
  requiredColumns: ['siteRef', 'block', 'surveyDate', 'physical'],
  converter: () => {
    const firstRowOf = duplicateTracker();
    return (f, row) => {
      const siteRef = f.required('siteRef') ?? '';
      const block = f.required('block') ?? '';
      const surveyDateText = f.required('surveyDate');
      const surveyDate = f.date('surveyDate') ?? '';
      const physicalText = f.required('physical');
      const physical =
        physicalText === null ? null : f.parsed('physical', (text) => parseGrade(text, { allowX: true }));
      // The database keeps one survey of a block per date; a second in the same file would silently win.
      if (siteRef && block && surveyDateText && surveyDate) {
        const first = firstRowOf(`${siteRef}\u0000${block}\u0000${surveyDate}`, row);
        if (first !== null)
          f.problem(
            'block',
            'duplicate_in_file',
            `block ${block} of site ${siteRef} surveyed ${surveyDate} is already on row ${first}`,
          );
      }
      return {
        siteRef,
        block,
        surveyDate,
        surveyor: f.text('surveyor'),
        giaM2: f.measure('giaM2', 'giaM2'),
        yearBuilt: f.measure('yearBuilt', 'yearBuilt'),
        physical: physical?.grade ?? 'D',
        replaceOnly: physical?.replaceOnly ?? false,
        functional: grade(f, 'functional'),
        spaceUtilisation: f.choice('spaceUtilisation', SPACE_UTILISATION, 'space utilisation'),
        quality: grade(f, 'quality'),
        statutory: grade(f, 'statutory'),
        environmental: grade(f, 'environmental'),
        backlogPence: backlog(f),
      };
    };
  },
};
