import { findBorough } from '../../geo/boroughs.js';
import type { Provenance } from '../domain/assumptions/figure.js';
import type { AssumptionTableRow } from '../domain/assumptions/load.js';
import type { Parsed } from './values.js';
import { isNoValue } from './values.js';
import type { ColumnSpecs } from './headers.js';
import { duplicateTracker, type TabularSource } from './tabular.js';

/**
 * One row of a valuation assumption table (docs/formats.md#assumptions): a figure's key as
 * `estates assumptions show` prints it, its value, and where it varies the borough (GSS code) and part.
 */
export type AssumptionRow = Omit<AssumptionTableRow, 'row'>;

const columns = {
  figure: { label: 'Figure', aliases: ['Key', 'Assumption', 'Figure Key'] },
  value: { label: 'Value', aliases: ['Figure Value', 'Amount'] },
  unit: { label: 'Unit', aliases: ['Units'] },
  borough: { label: 'Borough', aliases: ['Borough Code', 'GSS Code', 'Local Authority'] },
  part: { label: 'Part', aliases: ['Entry', 'Use', 'Band', 'Home Type'] },
  source: { label: 'Source', aliases: ['Publication', 'Reference'] },
  provenance: { label: 'Provenance' },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

const PROVENANCES: ReadonlyArray<readonly [string, Provenance]> = [
  ['sourced', 'sourced'],
  ['sourced-secondary', 'sourced-secondary'],
  ['secondary', 'sourced-secondary'],
  ['assumption', 'assumption'],
];

function parseBorough(text: string): Parsed<string | null> {
  if (isNoValue(text)) return { ok: true, value: null };
  const borough = findBorough(text);
  if (borough) return { ok: true, value: borough.gssCode };
  return { ok: false, code: 'bad_value', message: `"${text.trim()}" is not a London borough (GSS code or name)` };
}

export const assumptionSource: TabularSource<Field, AssumptionRow> = {
  columns,
  requiredColumns: ['figure', 'value', 'source'],
  converter: () => {
    const firstRowOf = duplicateTracker();
    return (f, row) => {
      const figure = f.required('figure') ?? '';
      const borough = f.parsed('borough', parseBorough);
      const part = f.text('part');
      if (figure) {
        const where = [borough, part].filter((p) => p !== null).join(' ');
        const first = firstRowOf(`${figure} ${where}`, row);
        if (first !== null)
          f.problem(
            'figure',
            'duplicate_in_file',
            `${figure}${where ? ` for ${where}` : ''} is already on row ${first}`,
          );
      }
      const value = f.required('value') === null ? null : f.number('value');
      return {
        figure,
        value: value ?? 0,
        unit: f.text('unit'),
        borough,
        part,
        source: f.required('source') ?? '',
        provenance: f.choice('provenance', PROVENANCES, 'provenance (sourced, sourced-secondary, assumption)'),
      };
    };
  },
};
