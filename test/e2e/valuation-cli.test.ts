import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRecord } from '../../src/domain/records.js';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, runCli } from '../support/cli.js';
import { loadSitesForValuation } from '../../src/db/valuation-runs.js';
import { valuationInputFor, type SiteForValuation } from '../../src/domain/valuation-input.js';

let t: TestDatabase;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  ({ t, env } = await openTestEstate());
  dir = await mkdtemp(path.join(tmpdir(), 'estates-value-'));
  const demo = await runCli(['demo-data', '--sites', '60', '--seed', '5', '--out', dir], env);
  expect(demo.code, demo.stderr).toBe(0);
  const ingest = await runCli(
    ['ingest', path.join(dir, 'nhsps-register.csv'), '--source', 'nhsps', '--wait', '--json'],
    env,
  );
  expect(ingest.code, ingest.stderr).toBe(0);
  // The CHP register carries lease expiries, which the value step's cut-down records must keep.
  const chp = await runCli(
    ['ingest', path.join(dir, 'chp-lift-register.xlsx'), '--source', 'chp', '--wait', '--json'],
    env,
  );
  expect(chp.code, chp.stderr).toBe(0);
});

afterAll(() => closeTestEstate(t));

interface ValueJson {
  siteId: number;
  sourceRef: string;
  homes: number;
  euv: number;
  residual: number;
  marketValue: number;
  netReceipt: number;
  assumptionSetId: string;
  working: Array<{ line: string }>;
  workingUnavailable: string | null;
  assumptions: Array<{ key: string; source: string }>;
}

const valuationOf = async (site: string): Promise<ValueJson> => {
  const result = await runCli(['value', site, '--json'], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ValueJson;
};

describe('estates value and assumption sets', () => {
  it("values every site from the same input whether it reads the whole record or the value step's cut-down one", async () => {
    const cut = await loadSitesForValuation(t.db);
    // The same sites with the whole record each one holds, as stored.
    const records = await t.db.selectFrom('sites').select(['id', 'record']).execute();
    const recordOf = new Map(records.map((r) => [r.id, r.record as unknown as SiteRecord]));
    const whole = cut.map((site) => ({ ...site, record: recordOf.get(site.siteId) as SiteRecord }));
    expect(records.map((r) => r.id).sort((a, b) => a - b)).toEqual(cut.map((s) => s.siteId));
    const inputs = (sites: SiteForValuation[]) =>
      sites.map((site) => valuationInputFor(site, 'refurbish', 900, '2026-01-01'));
    expect(inputs(cut)).toEqual(inputs(whole));
    expect(
      whole.some((s) => s.record.tenure === 'leasehold' && typeof s.record.attributes.leaseExpiry === 'string'),
    ).toBe(true);
  });

  it('prints a valuation with its working and every assumption with its source', async () => {
    const v = await valuationOf('NHSPS-H001');
    expect(v.sourceRef).toBe('NHSPS-H001');
    for (const key of ['homes', 'euv', 'residual', 'marketValue', 'netReceipt'] as const)
      expect(Number.isInteger(v[key])).toBe(true);
    expect(v.marketValue).toBe(Math.max(v.euv, v.residual));
    // Stored without its lines: re-derived under its assumption set, and matching the stored figures.
    expect(v.workingUnavailable).toBeNull();
    expect(v.working.length).toBeGreaterThan(20);
    expect(v.assumptions.length).toBeGreaterThan(20);
    for (const a of v.assumptions) expect(a.source.length).toBeGreaterThan(0);
    const human = await runCli(['value', String(v.siteId)], env);
    expect(human.stdout).toMatch(/Gross development value/);
    expect(human.stdout).toMatch(/market value £/);
  });

  it('refuses an unknown site and a bad assumption file with a clear message and exit code', async () => {
    const missing = await runCli(['value', 'NHSPS-NOPE'], env);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no site with id or reference "NHSPS-NOPE"/);
    const bad = path.join(dir, 'bad-set.json');
    await writeFile(
      bad,
      JSON.stringify({
        id: 'valuation-bad',
        effectiveFrom: '2020-01-01',
        figures: { 'build.gold_taps': { value: 1, unit: '£', source: 'x', provenance: 'assumption' } },
      }),
    );
    const refused = await runCli(['assumptions', 'load', bad], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/build\.gold_taps: not a valuation assumption/);
  });

  it('adds a new assumption set beside the old one and revalues under it, never rewriting a stored valuation', async () => {
    const before = await valuationOf('NHSPS-H001');
    const valuationsBefore = await t.db
      .selectFrom('valuations')
      .select(['id', 'market_value_pence', 'assumption_set_id'])
      .execute();
    const shown = JSON.parse((await runCli(['assumptions', 'show', '--json'], env)).stdout) as {
      id: string;
      figures: Array<{ key: string; value: unknown; unit: string; source: string; provenance: string }>;
    };
    const returnFigure = shown.figures.find((f) => f.key === 'return.developer');
    expect(returnFigure).toBeDefined();
    const set = path.join(dir, 'set.json');
    await writeFile(
      set,
      JSON.stringify({
        id: 'valuation-test-lower-return',
        effectiveFrom: '2020-01-01',
        figures: {
          'return.developer': {
            ...returnFigure,
            value: Number(returnFigure!.value) / 2,
            source: 'test: half the default return',
          },
        },
      }),
    );
    const loaded = await runCli(['assumptions', 'load', set, '--wait', '--json'], env);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ id: 'valuation-test-lower-return', added: true });
    const after = await valuationOf('NHSPS-H001');
    expect(after.assumptionSetId).toBe('valuation-test-lower-return');
    expect(after.residual).toBeGreaterThanOrEqual(before.residual);
    // every earlier valuation is still there, unchanged
    const valuationsAfter = await t.db
      .selectFrom('valuations')
      .select(['id', 'market_value_pence', 'assumption_set_id'])
      .execute();
    for (const v of valuationsBefore) expect(valuationsAfter).toContainEqual(v);
    expect(valuationsAfter.length).toBeGreaterThan(valuationsBefore.length);
    // loading the same set again changes nothing
    const again = await runCli(['assumptions', 'load', set, '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: false });
  });
});
