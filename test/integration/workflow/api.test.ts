import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../api/harness.js';
import { seedRankedSites, type RankedSite } from './seed.js';

let h: ApiHarness;
let sites: RankedSite[];
beforeAll(async () => {
  h = await startApiHarness();
  sites = await seedRankedSites(h.t, 3);
});
afterAll(async () => h?.close());

describe('cases over HTTP', () => {
  let caseId: number;

  it('lets an officer open a case by site reference and shows the next steps for that role', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: h.bearer('officer'),
      payload: { site: sites[0]!.sourceRef, reason: 'top of the list' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    caseId = body.caseId;
    expect(body).toMatchObject({
      siteRef: sites[0]!.sourceRef,
      stage: 'identified',
      version: 1,
      timeline: [{ sequence: 1, kind: 'opened', actor: 'test-officer', role: 'officer' }],
    });
    expect(body.nextSteps.map((s: { to: string }) => s.to)).toEqual([
      'surplus_declared',
      'deferred',
      'withdrawn',
      'retained',
    ]);
    expect(body.forecast.p90 >= body.forecast.p50).toBe(true);
    expect(body.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: h.bearer('board'),
      payload: { site: sites[0]!.siteId, reason: 'again' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('shows housing the status only, and refuses housing a write', async () => {
    const res = await h.app.inject({ url: `/api/cases/${caseId}`, headers: h.bearer('housing') });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual([
      'caseId',
      'closedAt',
      'openedAt',
      'siteId',
      'siteName',
      'siteRef',
      'stage',
    ]);
    const write = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/transitions`,
      headers: h.bearer('housing'),
      payload: { to: 'retained', reason: 'x', version: 1 },
    });
    expect(write.statusCode).toBe(403);
  });

  it('refuses a stale version with 409 and a missing guard with its rule, then moves on the current version', async () => {
    const stale = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/transitions`,
      headers: h.bearer('officer'),
      payload: { to: 'retained', reason: 'keep it', version: 0 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'conflict', details: { version: 1 } });
    const guard = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/transitions`,
      headers: h.bearer('officer'),
      payload: { to: 'surplus_declared', reason: 'declare', version: 1 },
    });
    expect(guard.statusCode).toBe(409);
    expect(guard.json()).toMatchObject({ error: 'illegal_transition', details: { rule: 'commissioner_confirmation' } });
    const moved = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/transitions`,
      headers: h.bearer('officer'),
      payload: {
        to: 'deferred',
        reason: 'clinic open',
        version: 1,
        stallReason: { code: 'clinical_use' },
        deferUntil: '2099-01-05',
      },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ stage: 'deferred', version: 2, deadline: '2099-01-05' });
  });

  it('refuses a malformed meeting id on a plain move as on a Board decision', async () => {
    const moves: Array<[string, object]> = [
      [`/api/cases/${caseId}/transitions`, { to: 'retained', reason: 'x', version: 2, meetingId: 'LEB 2025/03' }],
      ['/api/board/decisions', { caseId, meetingId: 'LEB 2025/03', decision: 'reject', reason: 'x' }],
    ];
    for (const [url, payload] of moves) {
      const res = await h.app.inject({ method: 'POST', url, headers: h.bearer('board'), payload });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ error: 'bad_input', message: expect.stringMatching(/meetingId/) });
    }
  });

  it('keeps Board decisions to the Board and reads the agenda, forecast and pipeline', async () => {
    const byOfficer = await h.app.inject({
      method: 'POST',
      url: '/api/board/decisions',
      headers: h.bearer('officer'),
      payload: { caseId, meetingId: 'LEB-1', decision: 'approve', reason: 'x' },
    });
    expect(byOfficer.statusCode).toBe(403);
    const wrongStage = await h.app.inject({
      method: 'POST',
      url: '/api/board/decisions',
      headers: h.bearer('board'),
      payload: { caseId, meetingId: 'LEB-1', decision: 'approve', reason: 'x' },
    });
    expect(wrongStage.statusCode).toBe(409);
    const agenda = await h.app.inject({ url: '/api/board/agenda?date=2030-01-07&top=5', headers: h.bearer('board') });
    expect(agenda.statusCode).toBe(200);
    expect(agenda.json().newCandidates.map((c: { sourceRef: string }) => c.sourceRef)).toEqual([
      sites[1]!.sourceRef,
      sites[2]!.sourceRef,
    ]);
    const forecast = await h.app.inject({ url: '/api/forecast?seed=3&draws=50', headers: h.bearer('board') });
    expect(forecast.statusCode).toBe(200);
    expect(forecast.json()).toMatchObject({ seed: 3, draws: 50, baselineYears: { low: 5, high: 10 } });
    expect(forecast.json().cases.map((c: { caseId: number }) => c.caseId)).toEqual([caseId]);
    const pipeline = await h.app.inject({ url: '/api/pipeline', headers: h.bearer('officer') });
    expect(pipeline.json().stages.find((s: { stage: string }) => s.stage === 'deferred')).toEqual({
      stage: 'deferred',
      cases: 1,
    });
    expect((await h.app.inject({ url: '/api/pipeline', headers: h.bearer('housing') })).statusCode).toBe(403);
  });

  it('gives the forecast its spread, chances and sources, and keeps the old keys', async () => {
    const res = await h.app.inject({ url: '/api/forecast?seed=3&draws=200', headers: h.bearer('officer') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'asOf',
        'assumptionSet',
        'baselineYears',
        'cases',
        'draws',
        'identificationToSaleShareByYear',
        'identificationToSaleYears',
        'outcomeShares',
        'seed',
        'shareWithinFiveYears',
        'shareWithinFiveYearsInterval',
        'shareWithinTenYears',
        'shareWithinTenYearsInterval',
        'sources',
        'stages',
        'surplusToSaleShareByYear',
        'surplusToSaleYears',
      ].sort(),
    );
    expect(body.assumptionSet).toEqual({
      id: 'forecast-2026-v1',
      effectiveFrom: '2026-12-01',
      modelVersion: 'forecast-v2',
    });
    expect(body.shareWithinFiveYearsInterval).toMatchObject({ level: 0.9 });
    expect(body.stages).toHaveLength(9);
    expect(body.sources.find((s: { key: string }) => s.key === 'planning.appeal_allowed')).toMatchObject({
      value: 25,
      provenance: 'sourced',
    });
    const [c] = body.cases;
    expect(Object.keys(c).sort()).toEqual(
      [
        'bases',
        'caseId',
        'completionProbability',
        'p50',
        'p50WorkingDays',
        'p90',
        'p90WorkingDays',
        'stage',
        'withinFiveYears',
        'withinTenYears',
      ].sort(),
    );
    expect(c.completionProbability).toBeGreaterThan(0);
    expect(c.completionProbability).toBeLessThan(1);
    const page = await h.app.inject({ url: `/api/cases/${caseId}`, headers: h.bearer('board') });
    expect(Object.keys(page.json().forecast).sort()).toEqual(
      [
        'completionProbability',
        'p50',
        'p50WorkingDays',
        'p90',
        'p90WorkingDays',
        'withinFiveYears',
        'withinTenYears',
      ].sort(),
    );
  });

  it('backtests the forecast for the Board and officers, refusing housing and a date not in the past', async () => {
    const res = await h.app.inject({
      url: '/api/forecast/backtest?asOf=2020-01-06&draws=50',
      headers: h.bearer('board'),
    });
    expect(res.statusCode).toBe(200);
    // Nothing was on record in 2020: no case forecast, nothing scored.
    expect(res.json()).toMatchObject({
      asOf: '2020-01-06',
      seed: 1,
      draws: 50,
      casesKnown: 0,
      casesForecast: 0,
      cases: [],
      calibration: {
        p50: { scored: 0, finished: 0, share: null, expectedShare: null },
        p90: { scored: 0, finished: 0, share: null, expectedShare: null },
        completedByScoredOn: { expected: 0, observed: 0 },
      },
    });
    expect(res.json().scoredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(
      (await h.app.inject({ url: '/api/forecast/backtest?asOf=2020-01-06', headers: h.bearer('housing') })).statusCode,
    ).toBe(403);
    expect((await h.app.inject({ url: '/api/forecast/backtest', headers: h.bearer('admin') })).statusCode).toBe(400);
    const future = await h.app.inject({ url: '/api/forecast/backtest?asOf=2099-01-05', headers: h.bearer('admin') });
    expect(future.statusCode).toBe(400);
    expect(future.json().message).toMatch(/must be before the day it is scored on/);
  });
});
