import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildCaseState, verifyCaseChains } from '../../../src/cases/audit.js';
import { recordBoardDecision } from '../../../src/cases/board.js';
import { listCaseRows } from '../../../src/db/cases.js';
import { actOnCase, appendToCase, loadCase, openCaseForSite } from '../../../src/cases/case-record.js';
import { seedDemoCases } from '../../../src/cases/demo-cases.js';
import { demoCasePlanner } from '../../../src/demo/case-history.js';
import { loadOutcomes } from '../../../src/cases/outcomes.js';
import { outcomesReport, pipelineReport } from '../../../src/cases/reports.js';
import type { CaseRequest } from '../../../src/domain/case-workflow.js';
import { EstatesError } from '../../../src/errors.js';
import { checkDeadlines } from '../../../workers/deadlines.worker.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { DAY_MS, seedRankedSites, type RankedSite } from './seed.js';

let t: TestDatabase;
let sites: RankedSite[];
const T0 = new Date('2024-03-04T10:00:00.000Z');
const at = (days: number): Date => new Date(T0.getTime() + days * DAY_MS);
const officer = { actor: 'alice', role: 'officer' as const };

beforeAll(async () => {
  t = await createTestDatabase();
  sites = await seedRankedSites(t, 14);
});
afterAll(async () => t?.drop());

const site = (i: number): RankedSite => sites[i - 1]!;

async function counts(): Promise<{ cases: number; events: number }> {
  const c = await t.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const e = await t.db
    .selectFrom('case_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { cases: Number(c.n), events: Number(e.n) };
}

async function refusal(work: Promise<unknown>): Promise<EstatesError> {
  const e = await work.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EstatesError);
  return e as EstatesError;
}

const move = (to: string, extra: Record<string, unknown> = {}): CaseRequest =>
  ({ kind: 'transition', to, ...officer, reason: `to ${to}`, ...extra }) as CaseRequest;
const fact = (f: Record<string, unknown>): CaseRequest =>
  ({ kind: 'record_fact', fact: f, ...officer, reason: 'on file' }) as CaseRequest;

describe('opening and moving a case', () => {
  it('opens a case by source reference, with its opening event as the chain head', async () => {
    const loaded = await openCaseForSite(t.db, { site: site(1).sourceRef, ...officer, reason: 'top of the list' }, T0);
    expect(loaded.row).toMatchObject({
      siteId: site(1).siteId,
      stage: 'identified',
      version: 1,
      headSequence: 1,
      headHash: loaded.events[0]!.hash,
    });
    expect(loaded.events[0]).toMatchObject({
      sequence: 1,
      kind: 'opened',
      previousHash: null,
      occurredAt: T0.toISOString(),
    });
    const rebuilt = await rebuildCaseState(t.db, loaded.row.id);
    expect(rebuilt.matches).toBe(true);
  });

  it('refuses a second open case on the same site, a housing opener and an unranked site, changing nothing', async () => {
    const before = await counts();
    expect(
      (await refusal(openCaseForSite(t.db, { site: site(1).siteId, ...officer, reason: 'again' }, at(1)))).code,
    ).toBe('conflict');
    expect(
      (
        await refusal(
          openCaseForSite(t.db, { site: site(2).sourceRef, actor: 'hal', role: 'housing', reason: 'mine' }, at(1)),
        )
      ).code,
    ).toBe('forbidden');
    const unranked = await sql<{ id: number }>`
      INSERT INTO sites (source, source_ref, name, placed_by, geom, record, record_sha256, first_upload_id, last_upload_id)
      SELECT 'nhsps', 'NHSPS-UNRANKED', 'Unranked', 'coordinates', geom, '{}', ${'9'.repeat(64)}, first_upload_id, last_upload_id FROM sites WHERE id = ${site(1).siteId}
      RETURNING id`.execute(t.db);
    expect(
      (await refusal(openCaseForSite(t.db, { site: 'NHSPS-UNRANKED', ...officer, reason: 'not ranked' }, at(1)))).code,
    ).toBe('illegal_transition');
    expect(unranked.rows).toHaveLength(1);
    expect(await counts()).toEqual(before);
  });

  it('refuses a move whose guard has no record, or by the wrong role, and writes nothing', async () => {
    const { row } = await loadCase(t.db, 1);
    const before = await counts();
    const guard = await refusal(actOnCase(t.db, row.id, move('surplus_declared'), at(2)));
    expect(guard.code).toBe('illegal_transition');
    expect(guard.details).toEqual({ rule: 'commissioner_confirmation' });
    const role = await refusal(
      actOnCase(t.db, row.id, { ...move('surplus_declared'), role: 'housing' } as CaseRequest, at(2)),
    );
    expect(role.code).toBe('forbidden');
    expect(await counts()).toEqual(before);
    expect((await loadCase(t.db, row.id)).row).toMatchObject({ stage: 'identified', version: 1 });
  });

  it('moves through the guards to board review and a Board approval recorded with its meeting', async () => {
    await actOnCase(t.db, 1, fact({ fact: 'commissioner_confirmation', commissioner: 'NWL ICB' }), at(3));
    await actOnCase(t.db, 1, fact({ fact: 'reprovision_plan', summary: 'moves to the hub' }), at(4));
    await actOnCase(t.db, 1, move('surplus_declared'), at(5));
    await actOnCase(t.db, 1, move('board_review'), at(6));
    // an officer may not take the Board's decision
    const byOfficer = await refusal(
      actOnCase(t.db, 1, move('approved_for_disposal', { meetingId: 'LEB-2024-03' }), at(7)),
    );
    expect(byOfficer.code).toBe('forbidden');
    await recordBoardDecision(
      t.db,
      { caseId: 1, meetingId: 'LEB-2024-03', decision: 'approve', actor: 'the chair', reason: 'approved as minuted' },
      at(7),
    );
    const noEpims = await refusal(actOnCase(t.db, 1, move('first_refusal'), at(8)));
    expect(noEpims.details).toEqual({ rule: 'epims_reference' });
    const loaded = await loadCase(t.db, 1);
    expect(loaded.state.stage).toBe('approved_for_disposal');
    expect(loaded.state.boardDecisions).toEqual([
      { meetingId: 'LEB-2024-03', decision: 'approve', decidedOn: '2024-03-11', sequence: 6 },
    ]);
    const meeting = await sql<{
      held_on: string;
    }>`SELECT held_on::text FROM board_meetings WHERE id = 'LEB-2024-03'`.execute(t.db);
    expect(meeting.rows).toEqual([{ held_on: '2024-03-11' }]);
    expect((await rebuildCaseState(t.db, 1)).matches).toBe(true);
  });

  it('records the meeting of a Board decision made as a plain move (POST /api/cases/:id/transitions, cases move)', async () => {
    const opened = await openCaseForSite(t.db, { site: site(13).sourceRef, ...officer, reason: 'thirteenth' }, T0);
    const id = opened.row.id;
    await actOnCase(t.db, id, fact({ fact: 'commissioner_confirmation', commissioner: 'NWL ICB' }), at(1));
    await actOnCase(t.db, id, fact({ fact: 'reprovision_plan', summary: 'moves to the hub' }), at(2));
    await actOnCase(t.db, id, move('surplus_declared'), at(3));
    await actOnCase(t.db, id, move('board_review'), at(4));
    await actOnCase(t.db, id, move('retained', { role: 'board', meetingId: 'LEB-2024-04' }), at(5));
    const meeting = await sql<{
      held_on: string;
    }>`SELECT held_on::text FROM board_meetings WHERE id = 'LEB-2024-04'`.execute(t.db);
    expect(meeting.rows).toEqual([{ held_on: '2024-03-09' }]);
  });

  it('refuses anything but an outcome on a closed case', async () => {
    const opened = await openCaseForSite(t.db, { site: site(2).sourceRef, ...officer, reason: 'second' }, T0);
    await actOnCase(t.db, opened.row.id, move('retained'), at(1));
    const before = await counts();
    const closed = await refusal(actOnCase(t.db, opened.row.id, move('surplus_declared'), at(2)));
    expect(closed.details).toEqual({ rule: 'case_closed' });
    expect(await counts()).toEqual(before);
    const row = await loadCase(t.db, opened.row.id);
    expect(row.row.closedAt).toEqual(at(1));
    // the site is free again for a new case
    const again = await openCaseForSite(t.db, { site: site(2).siteId, ...officer, reason: 'new evidence' }, at(3));
    expect(again.row.id).not.toBe(opened.row.id);
  });

  it('refuses a stale version with a conflict', async () => {
    const { row } = await loadCase(t.db, 1);
    const e = await refusal(
      actOnCase(t.db, 1, move('first_refusal', { epimsReference: 'EPIMS-1' }), at(8), row.version - 1),
    );
    expect(e.code).toBe('conflict');
  });
});

describe('two writers on one case', () => {
  it('lets one win and gives the other a conflict, leaving one event at that sequence', async () => {
    const opened = await openCaseForSite(t.db, { site: site(3).sourceRef, ...officer, reason: 'race' }, T0);
    const id = opened.row.id;
    const a = await t.db.startTransaction().execute();
    const b = await t.db.startTransaction().execute();
    try {
      const seenByA = await loadCase(a, id);
      const seenByB = await loadCase(b, id);
      await appendToCase(
        a,
        seenByA,
        move('deferred', { stallReason: { code: 'clinical_use' }, deferUntil: '2024-06-03' }),
        at(1),
      );
      // B blocks on A's uncommitted (case_id, sequence) until A commits, then fails
      const bWrite = appendToCase(
        b,
        seenByB,
        move('withdrawn', { stallReason: { code: 'market_conditions' } }),
        at(1),
      ).then(
        () => null,
        (e: unknown) => e,
      );
      await a.commit().execute();
      const error = await bWrite;
      expect(error).toBeInstanceOf(EstatesError);
      expect((error as EstatesError).code).toBe('conflict');
    } finally {
      await b.rollback().execute();
    }
    const after = await loadCase(t.db, id);
    expect(after.events.map((e) => e.kind)).toEqual(['opened', 'transition']);
    expect(after.state.stage).toBe('deferred');
    expect((await rebuildCaseState(t.db, id)).matches).toBe(true);
  });

  it('gives a conflict to the loser of two concurrent requests through actOnCase with the same version', async () => {
    const opened = await openCaseForSite(t.db, { site: site(4).sourceRef, ...officer, reason: 'race 2' }, T0);
    const results = await Promise.allSettled([
      actOnCase(t.db, opened.row.id, move('retained'), at(1), 1),
      actOnCase(t.db, opened.row.id, move('withdrawn', { stallReason: { code: 'planning_delay' } }), at(1), 1),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as EstatesError).code).toBe('conflict');
    expect((await loadCase(t.db, opened.row.id)).events).toHaveLength(2);
  });
});

describe('the audit trail', () => {
  it('refuses UPDATE and DELETE on case_events for the application role', async () => {
    await expect(
      sql`UPDATE case_events SET reason = 'rewritten' WHERE case_id = 1 AND sequence = 1`.execute(t.db),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql`DELETE FROM case_events WHERE case_id = 1`.execute(t.db)).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    const role = await sql<{ rolsuper: boolean }>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`.execute(
      t.db,
    );
    expect(role.rows[0]?.rolsuper).toBe(false);
  });

  it('verifies every chain, then names the event a superuser altered behind the trigger', async () => {
    expect((await verifyCaseChains(t.db)).every((c) => c.ok)).toBe(true);
    // Tampering as the postgres superuser, with the append-only trigger switched off for the moment.
    execFileSync('runuser', [
      '-u',
      'postgres',
      '--',
      'psql',
      '-v',
      'ON_ERROR_STOP=1',
      '-q',
      '-d',
      t.name,
      '-c',
      "ALTER TABLE case_events DISABLE TRIGGER USER; UPDATE case_events SET reason = 'nothing to see' WHERE case_id = 1 AND sequence = 3; ALTER TABLE case_events ENABLE TRIGGER USER;",
    ]);
    const checks = await verifyCaseChains(t.db);
    expect(checks.find((c) => c.caseId === 1)).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: expect.stringMatching(/altered/),
    });
    expect(checks.filter((c) => !c.ok).map((c) => c.caseId)).toEqual([1]);
  });
});

describe('reports, deadlines and outcomes', () => {
  it('escalates overdue stages once, however often the daily job runs', async () => {
    const day = { data: { day: '2024-09-02' } };
    const first = await checkDeadlines(day, { db: t.db });
    expect(first.overdue).toBeGreaterThan(0);
    expect(first.raised).toBe(first.overdue);
    const second = await checkDeadlines(day, { db: t.db });
    expect(second).toEqual({ day: '2024-09-02', overdue: first.overdue, raised: 0 });
    const later = await checkDeadlines({ data: { day: '2024-09-03' } }, { db: t.db });
    expect(later.raised).toBe(0);
    const rows = await t.db.selectFrom('escalations').select(['key', 'case_id', 'stage']).orderBy('key').execute();
    expect(rows).toHaveLength(first.overdue);
    // case 1 entered approved_for_disposal on 2024-03-11; its 10 working days ran out long before September
    expect(rows.some((r) => r.case_id === 1 && r.stage === 'approved_for_disposal')).toBe(true);
  });

  it('seeds demo cases on the top ten sites not yet in a case, and a second run opens nothing', async () => {
    const now = new Date('2025-06-02T09:00:00.000Z');
    const first = await seedDemoCases(t.db, { plan: demoCasePlanner(now, 2017), cases: 10 });
    // sites 1-4 already have cases from the tests above
    expect(first.opened).toBe(6);
    expect(first.moved).toBeGreaterThan(5);
    expect(await seedDemoCases(t.db, { plan: demoCasePlanner(now, 2017), cases: 10 })).toEqual({ opened: 0, moved: 0 });
    // Every drawn history passed the real guards, and nothing is dated after now.
    expect((await verifyCaseChains(t.db)).filter((c) => !c.ok).map((c) => c.caseId)).toEqual([1]);
    const latest = await t.db
      .selectFrom('case_events')
      .select((eb) => eb.fn.max('occurred_at').as('at'))
      .executeTakeFirstOrThrow();
    expect(new Date(latest.at as unknown as string).getTime()).toBeLessThan(now.getTime());
    // Opened over ten years and drawn from the forecast's risks: some long closed, the rest at different stages.
    const demo = (await listCaseRows(t.db)).filter((c) => c.siteId >= site(5).siteId && c.siteId <= site(10).siteId);
    expect(demo).toHaveLength(6);
    expect(Math.min(...demo.map((c) => c.openedAt.getTime()))).toBeLessThan(now.getTime() - 5 * 365 * DAY_MS);
    expect(demo.filter((c) => c.closedAt !== null).length).toBeGreaterThan(0);
    const report = await pipelineReport(t.db, now);
    expect(report.stages.filter((s) => s.cases > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('loads outcomes from CSV once: a second load adds no events', async () => {
    // walk one case to completion
    const opened = await openCaseForSite(
      t.db,
      { site: site(11).sourceRef, ...officer, reason: 'to completion' },
      at(0),
    );
    const id = opened.row.id;
    let d = 0;
    const step = (r: CaseRequest, days = 1) => {
      d += days;
      return actOnCase(t.db, id, r, at(d));
    };
    await step(fact({ fact: 'commissioner_confirmation', commissioner: 'NWL ICB' }));
    await step(fact({ fact: 'reprovision_plan', summary: 'hub' }));
    await step(move('surplus_declared'));
    await step(move('board_review'));
    await step({ ...move('approved_for_disposal', { meetingId: 'LEB-X' }), role: 'board' } as CaseRequest);
    await step(move('due_diligence', { firstRefusalWaiver: 'NHS trust: first refusal is voluntary' }));
    await step(fact({ fact: 'title_report', summary: 'clean' }));
    await step(fact({ fact: 'planning_brief', summary: 'homes' }));
    await step(
      fact({
        fact: 'valuation',
        marketValuePence: 500_000_000,
        capacityHomes: 60,
        valuedOn: '2024-03-20',
        basis: 'max(EUV, RLV)',
      }),
    );
    await step(move('planning'));
    await step(
      fact({ fact: 'planning_outcome', outcome: 'outline_consent', reference: '24/1/OUT', homesPermitted: 55 }),
    );
    await step(move('marketing'));
    await step(fact({ fact: 'sale_agreement', buyer: 'Homes Ltd', pricePence: 520_000_000, publicBody: false }));
    await step(move('sale_agreed'));
    await step(move('completed'));
    const csv = [
      'site_ref,homes_permitted,homes_started,homes_completed,receipt_pence,reinvested_primary_care_pence,reinvested_community_care_pence,reinvested_other_pence',
      `${site(11).sourceRef},55,40,30,520000000,300000000,100000000,`,
      'NHSPS-NOPE,1,,,,,,',
      `${site(11).sourceRef},-3,,,,,,`,
      `${site(11).sourceRef},,,,,100000000,,`,
    ].join('\n');
    const file = { bytes: new TextEncoder().encode(csv), filename: 'outcomes.csv' };
    const first = await loadOutcomes(t.db, file, { actor: 'alice', role: 'officer' }, at(40));
    expect(first).toMatchObject({ rows: 4, casesChanged: 1, events: 3, unchanged: 0 });
    expect(first.problems).toEqual([
      {
        row: 3,
        siteRef: 'NHSPS-NOPE',
        field: 'site_ref',
        code: 'no_completed_case',
        message: 'no completed case for site NHSPS-NOPE',
      },
      {
        row: 4,
        siteRef: site(11).sourceRef,
        field: 'homes_permitted',
        code: 'out_of_range',
        message: expect.any(String),
      },
      {
        row: 5,
        siteRef: site(11).sourceRef,
        field: 'reinvested_primary_care_pence',
        code: 'reinvestment_decreased',
        message: expect.stringMatching(/less than already recorded/),
      },
    ]);
    const second = await loadOutcomes(t.db, file, { actor: 'alice', role: 'officer' }, at(41));
    expect(second).toMatchObject({ casesChanged: 0, events: 0, unchanged: 1 });
    const report = await outcomesReport(t.db);
    expect(report.cases.find((c) => c.caseId === id)).toMatchObject({
      receiptPence: 520_000_000,
      valuationPence: 500_000_000,
      receiptToValuation: 1.04,
      homesCompleted: 30,
      capacityHomes: 60,
      homesCompletedShareOfCapacity: 0.5,
      reinvestedPence: { primary_care: 300_000_000, community_care: 100_000_000, other: 0 },
      unallocatedPence: 120_000_000,
    });
  });
});

describe('the CLI', () => {
  const cli = (args: string[]) => {
    try {
      return {
        code: 0,
        stdout: execFileSync('node', ['bin/estates.js', ...args], {
          env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { code: err.status, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it('gives the same forecast JSON for the same seed, and a different one for another seed', () => {
    const a = cli(['forecast', '--json', '--seed', '7', '--draws', '200', '--as-of', '2025-06-02']);
    const b = cli(['forecast', '--json', '--seed', '7', '--draws', '200', '--as-of', '2025-06-02']);
    const c = cli(['forecast', '--json', '--seed', '8', '--draws', '200', '--as-of', '2025-06-02']);
    expect(a.code).toBe(0);
    const forecast = JSON.parse(a.stdout) as {
      cases: Array<{ p50: string; p90: string }>;
      shareWithinFiveYears: number;
      baselineYears: unknown;
    };
    expect(forecast.cases.length).toBeGreaterThan(5);
    expect(forecast.baselineYears).toEqual({ low: 5, high: 10 });
    for (const f of forecast.cases) expect(f.p90 >= f.p50).toBe(true);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('backtests the forecast from the record as it stood, the same for the same seed', () => {
    const args = [
      'forecast',
      'backtest',
      '--as-of',
      '2024-04-01',
      '--scored-on',
      '2025-06-02',
      '--draws',
      '200',
      '--json',
    ];
    const a = cli(args);
    expect(a.code, a.stderr).toBe(0);
    expect(cli(args).stdout).toBe(a.stdout);
    const test = JSON.parse(a.stdout) as {
      asOf: string;
      scoredOn: string;
      casesKnown: number;
      casesForecast: number;
      cases: Array<{ caseId: number; stageAtAsOf: string; outcome: string; finishedByP50: boolean | null }>;
      calibration: { p50: { scored: number; finished: number }; completedByScoredOn: { observed: number } };
    };
    expect(test).toMatchObject({ asOf: '2024-04-01', scoredOn: '2025-06-02' });
    // The cases opened by the tests above in March 2024 were on record; the demo's older ones too.
    expect(test.casesKnown).toBeGreaterThan(3);
    expect(test.cases.length).toBe(test.casesForecast);
    expect(test.calibration.p50.scored).toBe(test.cases.filter((c) => c.finishedByP50 !== null).length);
    const refused = cli(['forecast', 'backtest', '--as-of', '2025-06-02', '--scored-on', '2025-06-02']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/must be before the day it is scored on/);
    expect(cli(['forecast', 'backtest']).code).toBe(2);
    // A day the calendar lacks is refused, not read as 2 March.
    const impossible = cli(['forecast', 'backtest', '--as-of', '2025-02-30']);
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toMatch(/--as-of must be a calendar day/);
  });

  it('exits non-zero from audit verify while a chain is broken, naming the case', () => {
    const r = cli(['audit', 'verify', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, broken: [{ caseId: 1, brokenAt: 3 }] });
  });

  it('opens and moves a case by site reference, refusing a wrong role with exit code 5', async () => {
    const opened = cli([
      'cases',
      'open',
      site(12).sourceRef,
      '--by',
      'bob',
      '--role',
      'officer',
      '--reason',
      'from the CLI',
      '--json',
    ]);
    expect(opened.code).toBe(0);
    const { caseId } = JSON.parse(opened.stdout) as { caseId: number };
    const refused = cli([
      'cases',
      'move',
      String(caseId),
      '--to',
      'retained',
      '--by',
      'hal',
      '--role',
      'housing',
      '--reason',
      'no',
    ]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/role_not_allowed/);
    const moved = cli([
      'cases',
      'move',
      String(caseId),
      '--to',
      'deferred',
      '--by',
      'bob',
      '--role',
      'officer',
      '--reason',
      'later',
      '--stall-reason',
      'clinical_use',
      '--defer-until',
      '2099-01-05',
      '--json',
    ]);
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.stdout)).toMatchObject({ caseId, stage: 'deferred', version: 2 });
    const list = JSON.parse(cli(['cases', '--json']).stdout) as {
      cases: Array<{ caseId: number; deadline: string | null }>;
    };
    expect(list.cases.find((c) => c.caseId === caseId)?.deadline).toBe('2099-01-05');
  });

  it('records a fact with its document and the file itself, stored with the case under its sha256', async () => {
    const { row } = await openCaseForSite(t.db, { site: site(14).sourceRef, ...officer, reason: 'fourteenth' }, T0);
    const dir = await mkdtemp(path.join(tmpdir(), 'estates-fact-'));
    const letter = path.join(dir, 'icb-letter.pdf');
    await writeFile(letter, '%PDF-1.4 letter');
    const fact = '{"fact":"commissioner_confirmation","commissioner":"NW London ICB"}';
    const who = ['--by', 'bob', '--role', 'officer', '--reason', 'the ICB wrote'];
    const alone = cli(['cases', 'fact', String(row.id), fact, '--file', letter, ...who]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--file needs --document/);
    const recorded = cli([
      'cases',
      'fact',
      String(row.id),
      fact,
      '--document',
      'ICB/2026/11',
      '--file',
      letter,
      ...who,
      '--json',
    ]);
    expect(recorded.code, recorded.stderr).toBe(0);
    const sha256 = createHash('sha256').update('%PDF-1.4 letter').digest('hex');
    expect(JSON.parse(recorded.stdout).event.payload.document).toEqual({
      reference: 'ICB/2026/11',
      file: { filename: 'icb-letter.pdf', sha256, sizeBytes: 15 },
    });
    const stored = await t.db.selectFrom('case_documents').selectAll().where('case_id', '=', row.id).execute();
    expect(stored.map((d) => [d.sha256, d.filename, d.bytes.toString('utf8'), d.stored_by])).toEqual([
      [sha256, 'icb-letter.pdf', '%PDF-1.4 letter', 'bob'],
    ]);
  });

  it('simulates the ranked estate with a stage scaled, deterministic for a seed', () => {
    const args = [
      'simulate',
      '--years',
      '10',
      '--seed',
      '3',
      '--runs',
      '20',
      '--scale-stage',
      'planning=0.5',
      '--json',
    ];
    const a = cli(args);
    expect(a.code).toBe(0);
    const result = JSON.parse(a.stdout) as { sites: number; perYear: unknown[] };
    expect(result.sites).toBe(14);
    expect(result.perYear).toHaveLength(10);
    expect(cli(args).stdout).toBe(a.stdout);
    expect(cli(['simulate', '--scale-stage', 'lunch=2']).code).toBe(2);
  });
});
