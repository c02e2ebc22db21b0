import { describe, expect, it } from 'vitest';
import {
  assumptionSetFromTable,
  mergeValuationAssumptions,
  type AssumptionTableRow,
} from '../../../src/domain/assumptions/load.js';
import { DEFAULT_VALUATION_ASSUMPTIONS } from '../../../src/domain/assumptions/valuation.js';
import { readAssumptionTable } from '../../../src/ingest/index.js';
import { codes, collect, example, utf8 } from '../ingest/support.js';

const SET = { id: 'table-2026', effectiveFrom: '2026-04-01' };
const row = (r: Partial<AssumptionTableRow> & Pick<AssumptionTableRow, 'figure' | 'value'>): AssumptionTableRow => ({
  row: 2,
  unit: null,
  borough: null,
  part: null,
  source: 'test source',
  provenance: null,
  ...r,
});
const build = (rows: AssumptionTableRow[]) => assumptionSetFromTable(DEFAULT_VALUATION_ASSUMPTIONS, rows, SET);

describe('an assumption set from a table', () => {
  it('reads the documented example: plain figures, and figures per borough that keep the other boroughs', async () => {
    const outcomes = await collect(readAssumptionTable(example('assumptions.csv'), { filename: 'assumptions.csv' }));
    const rows = outcomes.map((o) => {
      if (o.kind !== 'accepted') throw new Error(JSON.stringify(o.problems));
      return { row: o.row, ...o.record };
    });
    const built = build(rows);
    if (!built.ok) throw new Error(JSON.stringify(built.problems));
    const merged = mergeValuationAssumptions(DEFAULT_VALUATION_ASSUMPTIONS, built.candidate);
    if (!merged.ok) throw new Error(merged.problems.join('\n'));
    const f = merged.set.figures;
    expect(f['build.contingency']).toMatchObject({ value: 7.5, provenance: 'assumption' });
    expect(f['finance.rate']).toMatchObject({ value: 6.5, unit: '% a year', provenance: 'sourced-secondary' });
    const sales = f['sales.value'].value as Record<string, number>;
    expect(sales.E09000007).toBe(1_450_000); // Camden, by name
    expect(sales.E09000002).toBe(780_000); // Barking and Dagenham, by code, thousands separator
    expect(sales.E09000001).toBe(DEFAULT_VALUATION_ASSUMPTIONS.figures['sales.value'].value.E09000001);
    expect(f['sales.value'].source).toMatch(/Camden 2016.*; ONS .*Barking/);
    expect(merged.takenFromBase).not.toContain('sales.value');
  });

  it('places a figure with parts per borough (EUV per use) and refuses rows that do not fit the figure', () => {
    const built = build([row({ figure: 'euv.rate', value: 420_000, borough: 'E09000007', part: 'office' })]);
    expect(
      built.ok && (built.candidate as { figures: Record<string, { value: unknown }> }).figures['euv.rate']?.value,
    ).toMatchObject({ E09000007: { office: 420_000 } });
    const refused = build([
      row({ row: 2, figure: 'build.contingencey', value: 5 }),
      row({ row: 3, figure: 'build.contingency', value: 5, borough: 'E09000007' }),
      row({ row: 4, figure: 'sales.value', value: 9_000 }),
      row({ row: 5, figure: 'euv.rate', value: 1, borough: 'E09000007' }),
      row({ row: 6, figure: 'sales.value', value: 9_000, unit: '£ per m²', borough: 'E09000007' }),
    ]);
    expect(refused.ok ? [] : refused.problems.map((p) => `${p.row} ${p.field} ${p.code}: ${p.message}`)).toEqual([
      '2 Figure bad_value: "build.contingencey" is not a valuation assumption (estates assumptions show lists them)',
      '3 Borough bad_value: build.contingency does not vary by borough or part: leave Borough and Part blank',
      '4 Figure bad_value: sales.value varies (by borough or part): give one row per Borough (and Part)',
      '5 Borough bad_value: euv.rate varies within E09000007 too: give its Part',
      '6 Unit bad_value: sales.value is in pence per m² NIA (estates assumptions show), not £ per m²',
    ]);
  });

  it('rejects rows with the row, field and code, and reads a CSV with a byte-order mark', async () => {
    const csv =
      '\uFEFFFigure,Value,Borough,Source\nbuild.period,,,\nsales.value,12,Gotham,src\nfinance.rate,x,,src\nbuild.contingency,6,,src\nbuild.contingency,7,,src\n';
    const outcomes = await collect(readAssumptionTable(utf8(csv), { filename: 'a.csv' }));
    expect(outcomes.map((o) => (o.kind === 'rejected' ? codes(o) : 'accepted'))).toEqual([
      ['Source:missing_required', 'Value:missing_required'],
      ['Borough:bad_value'],
      ['Value:not_a_number'],
      'accepted',
      ['Figure:duplicate_in_file'],
    ]);
  });
});
