import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexSalesValues, type HousePriceIndexPoint } from '../../src/domain/assumptions/house-price-index.js';
import { DEFAULT_VALUATION_ASSUMPTIONS } from '../../src/domain/assumptions/valuation.js';
import { readHousePriceIndex } from '../../src/ingest/index.js';

const FIXTURE = path.join(__dirname, '../fixtures/ingest/uk-hpi-london-slice.csv');

async function readFixture() {
  const accepted: HousePriceIndexPoint[] = [];
  const rejected: Array<{ row: number; field: string; code: string }> = [];
  for await (const o of readHousePriceIndex(await readFile(FIXTURE), { filename: 'uk-hpi-london-slice.csv' })) {
    if (o.kind === 'accepted') accepted.push(o.record);
    else rejected.push(...o.problems.map((p) => ({ row: o.row, field: p.field, code: p.code })));
  }
  return { accepted, rejected };
}

describe('the UK House Price Index file as HM Land Registry publishes it', () => {
  it('accepts London boroughs by month and rejects bad rows with codes', async () => {
    const { accepted, rejected } = await readFixture();
    expect(accepted).toHaveLength(9);
    expect(accepted).toContainEqual({ row: 10, month: '2026-02', gssCode: 'E09000033', index: 98.5 });
    expect(rejected).toEqual([
      { row: 7, field: 'Index', code: 'not_a_number' },
      { row: 12, field: 'AreaCode', code: 'outside_london' },
      { row: 13, field: 'Date', code: 'duplicate_in_file' },
      { row: 14, field: 'Date', code: 'bad_date' },
      { row: 15, field: 'AreaCode', code: 'missing_required' },
    ]);
  });

  it("indexes the set's sales values from its base date to the valuation date and writes the conversion down", async () => {
    const { accepted } = await readFixture();
    const built = indexSalesValues(DEFAULT_VALUATION_ASSUMPTIONS, accepted, {
      fromDate: '2026-01-01',
      toDate: '2026-03-31',
      id: 'v1-hpi-2026-03',
      sourceName: 'uk-hpi-london-slice.csv',
    });
    if (!built.ok) throw new Error(built.problem);
    const { candidate, indexed, notIndexed } = built.indexation;
    expect(
      indexed.map((b) => [b.gssCode, b.fromIndex, b.toIndex, b.ratio, b.salesValueBefore, b.salesValueAfter]),
    ).toEqual([
      ['E09000001', 100, 102.5, 1.025, 1_910_810, 1_958_580],
      ['E09000007', 120, 126.6, 1.055, 1_393_810, 1_470_470],
      ['E09000033', 100, 97, 0.97, 1_787_060, 1_733_448],
    ]);
    expect(notIndexed).toHaveLength(30);
    expect(candidate.effectiveFrom).toBe('2026-03-31');
    const sales = candidate.figures['sales.value'] as { value: Record<string, number>; source: string };
    expect(sales.value.E09000007).toBe(1_470_470);
    expect(sales.value.E09000003).toBe(DEFAULT_VALUATION_ASSUMPTIONS.figures['sales.value'].value.E09000003);
    expect(sales.source).toContain(
      "indexed from 2026-01 (set valuation-2026-v1's base date 2026-01-01) to 2026-03 by HM Land Registry UK House Price Index, file uk-hpi-london-slice.csv (edition to 2026-03): E09000001 100 → 102.5 ×1.025, E09000007 120 → 126.6 ×1.055",
    );
  });

  it('refuses a valuation date not after the base date, and a file without both months', async () => {
    const { accepted } = await readFixture();
    const opts = { id: 'x-hpi', sourceName: 'f.csv' };
    const back = indexSalesValues(DEFAULT_VALUATION_ASSUMPTIONS, accepted, {
      ...opts,
      fromDate: '2026-01-01',
      toDate: '2026-01-20',
    });
    expect(back).toMatchObject({ ok: false, problem: expect.stringMatching(/must fall in a later month/) });
    const none = indexSalesValues(DEFAULT_VALUATION_ASSUMPTIONS, accepted, {
      ...opts,
      fromDate: '2026-01-01',
      toDate: '2026-06-01',
    });
    expect(none).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/no London borough an index for both 2026-01 and 2026-06/),
    });
  });
});
