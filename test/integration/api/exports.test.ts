import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaseRows } from '../../../src/db/cases.js';
import { DEFAULT_VALUATION_ASSUMPTIONS as IN_FORCE } from '../../../src/domain/assumptions/valuation.js';
import type { Role } from '../../../src/domain/roles.js';
import { HOSTILE_NAMES, seedBoardEstate } from '../../support/board-estate.js';
import type { RankedSite } from '../workflow/seed.js';
import { startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let sites: RankedSite[];
const HOSTILE = HOSTILE_NAMES.slice(0, 6);

beforeAll(async () => {
  h = await startApiHarness();
  ({ sites } = await seedBoardEstate(h.t, new Date()));
  await sql`UPDATE ranked_sites SET borough_gss = 'E09000007' WHERE site_id = ${sites[29]!.siteId}`.execute(h.t.db);
});
afterAll(async () => h?.close());

const get = (url: string, role: Role) => h.app.inject({ url, headers: h.bearer(role) });
const csvRows = (body: string) => parse(body, { columns: true, bom: true }) as Array<Record<string, string>>;

async function sheets(bytes: Buffer): Promise<Map<string, string[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const out = new Map<string, string[][]>();
  book.eachSheet((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    });
    out.set(sheet.name, rows);
  });
  return out;
}

describe('GET /api/ranked.csv and .xlsx', () => {
  it('sends every ranked site, formula-safe, with the assumption set on every row, never stored', async () => {
    const res = await get('/api/ranked.csv', 'board');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="ranked-sites-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = csvRows(res.body);
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => r.rank)).toEqual(sites.map((s) => String(s.rank)));
    expect(rows.slice(0, HOSTILE.length).map((r) => r.name)).toEqual(HOSTILE.map((name) => `'${name}`));
    expect(rows[6]).toMatchObject({
      sourceRef: sites[6]!.sourceRef,
      marketValuePounds: '5000000',
      netReceiptPounds: '4800000',
      reasons: 'seeded',
      assumptionSet: IN_FORCE.id,
      assumptionSetEffectiveFrom: IN_FORCE.effectiveFrom,
    });
    // No line of the file starts a cell with a formula character, quoted or not.
    expect(res.body).not.toMatch(/(^|,|")[=+@\t\r](?!\n)/m);
  });

  it("takes the ranked list's filters", async () => {
    const camden = csvRows((await get('/api/ranked.csv?borough=camden', 'officer')).body);
    expect(camden.map((r) => r.sourceRef)).toEqual([sites[29]!.sourceRef]);
    const scored = csvRows((await get('/api/ranked.csv?minScore=85&class=rebuild', 'officer')).body);
    expect(scored.map((r) => r.sourceRef)).toEqual(sites.slice(0, 5).map((s) => s.sourceRef));
    expect((await get('/api/ranked.csv?class=bogus', 'officer')).statusCode).toBe(400);
  });

  it('writes the same rows to XLSX, strings neutralised, with an About sheet naming the assumption set', async () => {
    const res = await get('/api/ranked.xlsx?minScore=70', 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['cache-control']).toBe('no-store');
    const book = await sheets(res.rawPayload);
    const ranked = book.get('Ranked sites')!;
    const header = ranked[0]!;
    expect(header).toContain('marketValuePounds');
    expect(ranked).toHaveLength(1 + 20);
    const name = header.indexOf('name');
    // XML reads a bare carriage return back as a line feed; the quote mark is what matters.
    expect(ranked.slice(1, 1 + HOSTILE.length).map((r) => r[name])).toEqual(
      HOSTILE.map((n) => `'${n}`.replace(/\r/g, '\n')),
    );
    expect(ranked[8]![header.indexOf('marketValuePounds')]).toBe('5000000');
    const about = new Map(book.get('About')!.map(([k, v]) => [k, v]));
    expect(about.get('Valuation assumption set')).toBe(IN_FORCE.id);
    expect(about.get('Assumption set effective from')).toBe(IN_FORCE.effectiveFrom);
    expect(about.get('Filters')).toBe('minScore=70');
    expect(about.get('For role')).toBe('admin');
  });

  it('is refused to housing, as the ranked list is', async () => {
    expect((await get('/api/ranked.csv', 'housing')).statusCode).toBe(403);
    expect((await get('/api/ranked.xlsx', 'housing')).statusCode).toBe(403);
    expect((await h.app.inject({ url: '/api/ranked.csv' })).statusCode).toBe(401);
  });
});

describe('GET /api/pipeline and /api/outcomes as files', () => {
  it("gives valuers every case with its deadline and overdue days; housing only the cases' status", async () => {
    const board = csvRows((await get('/api/pipeline.csv', 'board')).body);
    const cases = await listCaseRows(h.t.db);
    expect(board.map((r) => Number(r.caseId)).sort((a, b) => a - b)).toEqual(
      cases.map((c) => c.id).sort((a, b) => a - b),
    );
    // Housing's columns are the status fields every role may see of a case (src/domain/roles.ts).
    const status = ['caseId', 'siteId', 'siteRef', 'siteName', 'stage', 'openedAt', 'closedAt'];
    expect(Object.keys(board[0]!)).toEqual([
      ...status,
      'version',
      'deadline',
      'workingDaysOverdue',
      'stallReason',
      'stallText',
      'assumptionSet',
      'assumptionSetEffectiveFrom',
    ]);
    expect(board.some((r) => r.workingDaysOverdue !== '')).toBe(true);
    const housing = await get('/api/pipeline.xlsx', 'housing');
    expect(housing.statusCode).toBe(200);
    const book = await sheets(housing.rawPayload);
    expect(book.get('Pipeline')![0]).toEqual(status);
    expect(book.get('Pipeline')).toHaveLength(1 + cases.length);
    expect(new Map(book.get('About')!.map(([k, v]) => [k, v])).has('Valuation assumption set')).toBe(false);
  });

  it('gives valuers receipts against valuation; housing homes only, never a valuation or receipt', async () => {
    const board = csvRows((await get('/api/outcomes.csv', 'board')).body);
    const sold = board.find((r) => r.homesCompleted === '40');
    expect(sold).toMatchObject({
      receiptPounds: '5100000',
      reinvestedPrimaryCarePounds: '1000000',
      homesPermitted: '60',
    });
    expect(sold?.valuationPounds).not.toBe('');
    const housing = await get('/api/outcomes.csv', 'housing');
    expect(housing.statusCode).toBe(200);
    const rows = csvRows(housing.body);
    expect(rows.find((r) => r.homesCompleted === '40')).toBeDefined();
    expect(housing.body).not.toMatch(/pounds|valuation|receipt|assumption/i);
    const xlsx = await sheets((await get('/api/outcomes.xlsx', 'housing')).rawPayload);
    expect(JSON.stringify([...xlsx.entries()])).not.toMatch(/pounds|valuation|receipt|assumption/i);
  });
});
