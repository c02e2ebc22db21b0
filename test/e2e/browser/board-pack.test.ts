import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCases } from '../../../src/cases/case-page.js';
import { londonDate } from '../../../src/domain/working-days.js';
import { type BoardEstate, HOSTILE_NAMES, SCRIPT_SITE_NAME, seedBoardEstate } from '../../support/board-estate.js';
import { envFor, runCli } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { obliterateQueues } from '../../support/queues.js';
import { openPage, SCREENSHOTS, signIn, startWebHarness, type UserPage, type WebHarness } from './support.js';

/** pdftotext and pdfinfo are Debian's poppler-utils (scripts/test.sh installs them when missing). */
const pdfText = (file: string): string[] =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
const pdfInfo = (file: string): string => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

let t: TestDatabase;
let h: WebHarness;
let estate: BoardEstate;
let dir: string;
const pages: UserPage[] = [];
const now = new Date();
const meeting = londonDate(now);

beforeAll(async () => {
  t = await createTestDatabase();
  [h, estate] = await Promise.all([startWebHarness(t), seedBoardEstate(t, now)]);
  dir = await mkdtemp(path.join(tmpdir(), 'board-pack-'));
});

afterAll(async () => {
  for (const p of pages) await p.context.close();
  await h?.close();
  await obliterateQueues(t.config);
  await t.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Which printed page (0-based) first holds the text, looking from page `from`. */
const pageOf = (text: string[], needle: string | RegExp, from = 0): number =>
  text.findIndex((p, i) => i >= from && (typeof needle === 'string' ? p.includes(needle) : needle.test(p)));

describe('estates board pack', () => {
  it('writes an A4 PDF with a cover, the agenda and each part on its own page, naming the cases', async () => {
    const out = path.join(dir, 'pack.pdf');
    const result = await runCli(['board', 'pack', '--date', meeting, '--out', out, '--json'], envFor(t.config));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ file: out, meetingDate: meeting, newCandidates: 10 });
    expect(summary.awaitingDecision).toBeGreaterThanOrEqual(1);
    expect(summary.overdue).toBeGreaterThanOrEqual(1);
    const bytes = await readFile(out);
    await writeFile(path.join(SCREENSHOTS, 'board-pack.pdf'), bytes);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(summary.bytes).toBe(bytes.length);

    const info = pdfInfo(out);
    expect(info).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    const pageCount = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pageCount).toBeGreaterThanOrEqual(8);

    const text = pdfText(out);
    const agenda = pageOf(text, /^\s*Agenda\s*$/m);
    expect(agenda).toBe(1);
    // The agenda lists the parts (with how many items each holds); each part then starts a page.
    expect(text[agenda]).toMatch(/1\. New candidates for disposal \(10\)/);
    expect(text[agenda]).toMatch(/6\. Outcomes to date \(\d+\)/);
    const order = [
      'Board pack for the meeting of',
      /^\s*Agenda\s*$/m,
      ...[
        '1. New candidates for disposal',
        '2. Cases awaiting a Board decision',
        '3. Overdue stages, why, and days lost',
        '4. Forecast against the 5–10 year baseline',
        '5. Portfolio condition against 13% / 51%',
        '6. Outcomes to date',
      ].map((title) => new RegExp(`^\\s*${title.replace(/[.()/]/g, '\\$&')}\\s*$`, 'm')),
    ].map((needle, i) => pageOf(text, needle, i < 2 ? 0 : agenda + 1));
    // Every part is there, in order, each starting a page of its own.
    expect(order.every((p) => p >= 0)).toBe(true);
    expect(new Set(order).size).toBe(order.length);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // The cases the Board must see, by name: the one awaiting its decision (overdue, with why), and the sale.
    const cases = await listCases(t.db, {}, now);
    const review = cases.find((c) => c.caseId === estate.reviewCaseId)!;
    const awaitingPage = text[order[3]!]!.replace(/\s+/g, ' ');
    expect(awaitingPage).toContain(`Case ${review.caseId}: ${SCRIPT_SITE_NAME}`);
    expect(review.siteName).toBe(SCRIPT_SITE_NAME);
    const overduePage = text[order[4]!]!;
    const stalled = cases.find((c) => c.caseId === estate.stalledCaseId)!;
    expect(overduePage.replace(/\s+/g, ' ')).toContain(`Case ${stalled.caseId}: ${stalled.siteName}`);
    expect(overduePage.replace(/\s+/g, ' ')).toContain('Planning delay: awaiting the borough');
    expect(overduePage).toMatch(/Working days lost, by reason/);
    const sold = cases.find((c) => c.siteRef === estate.soldSiteRef)!;
    expect(text[order[7]!]).toContain(`Case ${sold.caseId}: ${sold.siteName}`);
    // New candidates with their reasons and valuation ranges; markup in a name is printed as text.
    const candidates = text.slice(order[2]!, order[3]!).join('').replace(/\s+/g, ' ');
    expect(candidates).toContain('seeded');
    expect(candidates).toContain('£4.5m – £5.5m');
    // The forecast against its baseline, and the condition shares against the published ones.
    expect(text[order[5]!]).toMatch(/5–10 yr baseline/);
    expect(text[order[6]!]).toMatch(/Published reference: rebuild 13%, refurbish 51%/);
    expect(text[0]).toContain(`valuations under assumption set`);
  });

  it('refuses a bad date with a clear error and writes nothing', async () => {
    const out = path.join(dir, 'bad.pdf');
    const result = await runCli(['board', 'pack', '--date', '2026-13-40', '--out', out], envFor(t.config));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^estates: --date must be /);
    await expect(readFile(out)).rejects.toThrow();
  });
});

describe('GET /api/board/pack.pdf and the Board pack page', () => {
  it('sends the PDF to the Board, never stored, and refuses housing', async () => {
    const login = async (role: 'board' | 'housing') => {
      const res = await fetch(`${h.server.url}/api/board/pack.pdf?date=${meeting}`, {
        headers: { authorization: `Bearer ${h.accounts[role].token}` },
      });
      return res;
    };
    const board = await login('board');
    expect(board.status).toBe(200);
    expect(board.headers.get('content-type')).toBe('application/pdf');
    expect(board.headers.get('cache-control')).toBe('no-store');
    expect(board.headers.get('content-disposition')).toBe(`attachment; filename="board-pack-${meeting}.pdf"`);
    expect(
      Buffer.from(await board.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await login('housing')).status).toBe(403);
    expect((await fetch(`${h.server.url}/api/board/pack.pdf?date=${meeting}`)).status).toBe(401);
    expect(
      (
        await fetch(`${h.server.url}/api/board/pack.pdf?date=tomorrow`, {
          headers: { authorization: `Bearer ${h.accounts.board.token}` },
        })
      ).status,
    ).toBe(400);
  });

  it('shows the Board the pack it will print, and its button downloads that PDF', async () => {
    const board = await openPage(h);
    pages.push(board);
    const { page } = board;
    // From the agenda page, as the Board would: its pack for the meeting is one click away.
    await signIn(h, board, 'board', '/board');
    await page.getByRole('heading', { level: 1, name: 'Board agenda' }).waitFor();
    expect(await page.getByRole('link', { name: /Download the Board pack/ }).getAttribute('href')).toBe(
      `/api/board/pack.pdf?date=${meeting}`,
    );
    await page.getByRole('link', { name: 'See the pack on screen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Board pack' }).waitFor();
    await page.getByTestId('pack-cover').waitFor();
    for (const part of [
      'pack-agenda',
      'pack-candidates',
      'pack-awaiting',
      'pack-overdue',
      'pack-forecast',
      'pack-condition',
      'pack-outcomes',
    ])
      expect(await page.getByTestId(part).count()).toBe(1);
    expect(await page.getByTestId('pack-awaiting').textContent()).toContain(`Case ${estate.reviewCaseId}`);
    await board.screenshot('board-pack');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /Download the Board pack/ }).click();
    const file = await (await download).path();
    expect((await readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(board.problems).toEqual([]);
  });
});

describe('export buttons', () => {
  it("download the ranked list with the filters on screen, and housing's pipeline without confidential columns", async () => {
    const board = await openPage(h);
    pages.push(board);
    await signIn(h, board, 'board', '/ranked');
    await board.page.getByLabel('Minimum surplus score (0–100)').fill('85');
    await board.page.getByRole('button', { name: 'Apply filters' }).click();
    const csvButton = board.page.getByRole('link', { name: 'CSV', exact: true });
    await expect.poll(() => csvButton.getAttribute('href')).toBe('/api/ranked.csv?minScore=85');
    expect(await board.page.locator('.downloads').first().textContent()).toContain(
      'the 5 sites matching these filters',
    );
    const download = board.page.waitForEvent('download');
    await csvButton.click();
    const rows = parse(await readFile(await (await download).path(), 'utf8'), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows.map((r) => r.sourceRef)).toEqual(estate.sites.slice(0, 5).map((s) => s.sourceRef));
    expect(rows[0]!.name).toBe(`'${HOSTILE_NAMES[0]}`);
    expect(board.problems).toEqual([]);

    const housing = await openPage(h);
    pages.push(housing);
    await signIn(h, housing, 'housing', '/cases');
    await housing.page.getByRole('heading', { level: 1, name: 'Disposal cases' }).waitFor();
    const pipelineCsv = housing.page.locator('a[href="/api/pipeline.csv"]');
    await pipelineCsv.waitFor();
    const pipeline = housing.page.waitForEvent('download');
    await pipelineCsv.click();
    const text = await readFile(await (await pipeline).path(), 'utf8');
    expect(text.split('\r\n')[0]).toBe('caseId,siteId,siteRef,siteName,stage,openedAt,closedAt');
    expect(housing.problems).toEqual([]);
  });
});
