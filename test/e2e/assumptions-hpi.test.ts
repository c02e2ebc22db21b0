import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, useTestEstate } from '../support/cli.js';

const estate = useTestEstate();
const HPI = path.join(REPO, 'test/fixtures/ingest/uk-hpi-london-slice.csv');

describe('estates assumptions index with the UK House Price Index file', () => {
  it('adds a set with sales values indexed to the valuation date, the conversion in the figure, bad rows counted by code', async () => {
    const { env } = estate;
    const run = await runCli(['assumptions', 'index', HPI, '--to', '2026-03-31', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({
      id: 'valuation-2026-v1-hpi-2026-03',
      added: true,
      fromDate: '2026-01-01',
      toDate: '2026-03-31',
      read: 14,
      accepted: 9,
      rejectedByCode: { not_a_number: 1, outside_london: 1, duplicate_in_file: 1, bad_date: 1, missing_required: 1 },
    });
    expect(out.indexed).toContainEqual({
      gssCode: 'E09000007',
      fromMonth: '2026-01',
      toMonth: '2026-03',
      fromIndex: 120,
      toIndex: 126.6,
      ratio: 1.055,
      salesValueBefore: 1_393_810,
      salesValueAfter: 1_470_470,
    });
    expect(out.problems).toContain('row 7: Index: not_a_number: "abc" is not a number');

    const shown = JSON.parse((await runCli(['assumptions', 'show', '--json'], env)).stdout) as {
      id: string;
      figures: Array<{ key: string; value: Record<string, number>; source: string }>;
    };
    expect(shown.id).toBe('valuation-2026-v1-hpi-2026-03');
    const sales = shown.figures.find((f) => f.key === 'sales.value');
    expect(sales?.value.E09000007).toBe(1_470_470);
    expect(sales?.source).toContain('by HM Land Registry UK House Price Index, file ');
    expect(sales?.source).toContain('E09000007 120 → 126.6 ×1.055');

    // the set in force is now the indexed one, based on 2026-03-31: the same run again must not compound the ratio
    const again = await runCli(['assumptions', 'index', HPI, '--to', '2026-03-31', '--json'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/valuation date 2026-03-31 must fall in a later month than the base date 2026-03-31/);
  }, 180_000);
});
