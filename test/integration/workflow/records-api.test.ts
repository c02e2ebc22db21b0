import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/domain/roles.js';
import { startApiHarness, type ApiHarness } from '../api/harness.js';
import { seedRankedSites, type RankedSite } from './seed.js';

/** The workflow's verbs besides moves, over HTTP: the CLI's rules, roles and refusals. */

let h: ApiHarness;
let sites: RankedSite[];
beforeAll(async () => {
  h = await startApiHarness();
  sites = await seedRankedSites(h.t, 3);
});
afterAll(async () => h?.close());

const post = (role: Role, url: string, payload: object) =>
  h.app.inject({ method: 'POST', url, headers: h.bearer(role), payload });
const get = (role: Role, url: string) => h.app.inject({ url, headers: h.bearer(role) });

/** Opens a case for a site and brings it to approved_for_disposal through the API. */
async function approvedCase(site: RankedSite): Promise<number> {
  const opened = await post('officer', '/api/cases', { site: site.sourceRef, reason: 'top of the list' });
  const caseId = opened.json().caseId as number;
  const steps: Array<[Role, string, object]> = [
    ['officer', 'facts', { fact: { fact: 'commissioner_confirmation', commissioner: 'NW London ICB' }, reason: 'r' }],
    ['officer', 'facts', { fact: { fact: 'reprovision_plan', summary: 'to the hub' }, reason: 'r' }],
    ['officer', 'transitions', { to: 'surplus_declared', reason: 'r', version: 3 }],
    ['officer', 'transitions', { to: 'board_review', reason: 'r', version: 4 }],
  ];
  for (const [role, verb, payload] of steps) {
    const res = await post(role, `/api/cases/${caseId}/${verb}`, payload);
    expect(res.statusCode, res.body).toBe(200);
  }
  const decided = await post('board', '/api/board/decisions', {
    caseId,
    meetingId: 'LEB-2026-12',
    decision: 'approve',
    reason: 'approved',
  });
  expect(decided.json().stage).toBe('approved_for_disposal');
  return caseId;
}

describe('facts with their documents', () => {
  it('stores a document with the case, records a fact citing it, serves the file back by sha256, and refuses others', async () => {
    const opened = await post('officer', '/api/cases', { site: sites[0]!.sourceRef, reason: 'top' });
    const caseId = opened.json().caseId as number;
    const letter = Buffer.from('%PDF-1.4 the ICB letter');
    const sha256 = createHash('sha256').update(letter).digest('hex');
    const storeDocument = (role: Role, id: number, bytes: Buffer) =>
      h.app.inject({
        method: 'POST',
        url: `/api/cases/${id}/documents`,
        headers: { ...h.bearer(role), 'content-type': 'multipart/form-data; boundary=b' },
        payload: Buffer.concat([
          Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="icb-letter.pdf"\r\n\r\n'),
          bytes,
          Buffer.from('\r\n--b--\r\n'),
        ]),
      });
    expect((await storeDocument('board', caseId, letter)).statusCode).toBe(403);
    expect((await storeDocument('officer', 99_999, letter)).statusCode).toBe(404);
    const stored = await storeDocument('officer', caseId, letter);
    expect(stored.statusCode, stored.body).toBe(201);
    expect(stored.json()).toEqual({ filename: 'icb-letter.pdf', sha256, sizeBytes: 23 });
    const unknown = await post('officer', `/api/cases/${caseId}/facts`, {
      fact: { fact: 'commissioner_confirmation', commissioner: 'NW London ICB' },
      document: { reference: 'x', sha256: '0'.repeat(64) },
      reason: 'r',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/no stored document with sha256 0{64}/);
    const recorded = await post('officer', `/api/cases/${caseId}/facts`, {
      fact: { fact: 'commissioner_confirmation', commissioner: 'NW London ICB' },
      document: { reference: 'ICB letter 2026-11-30', sha256 },
      reason: 'the ICB confirmed',
      version: 1,
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const event = recorded.json().timeline.at(-1);
    expect(event).toMatchObject({
      kind: 'fact_recorded',
      actor: 'test-officer',
      payload: {
        fact: { fact: 'commissioner_confirmation' },
        document: { reference: 'ICB letter 2026-11-30', file: { filename: 'icb-letter.pdf', sha256, sizeBytes: 23 } },
      },
    });
    const file = await get('board', `/api/cases/${caseId}/documents/${sha256}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(letter)).toBe(true);
    expect(file.headers['content-disposition']).toBe('attachment; filename="icb-letter.pdf"');
    expect((await get('housing', `/api/cases/${caseId}/documents/${sha256}`)).statusCode).toBe(403);
    expect((await get('board', `/api/cases/${caseId}/documents/${'0'.repeat(64)}`)).statusCode).toBe(404);

    // The Board does not record facts (the workflow's rule, so the route's too), a stale version is a
    // conflict, and a malformed fact is bad input that stores no file.
    const byBoard = await post('board', `/api/cases/${caseId}/facts`, {
      fact: { fact: 'title_report', summary: 'clean' },
      reason: 'r',
    });
    expect(byBoard.statusCode).toBe(403);
    const stale = await post('officer', `/api/cases/${caseId}/facts`, {
      fact: { fact: 'title_report', summary: 'clean' },
      reason: 'r',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'conflict', details: { version: 2 } });
    const bad = await post('officer', `/api/cases/${caseId}/facts`, {
      fact: { fact: 'title_report', summary: '  ' },
      document: { reference: 'x', sha256 },
      reason: 'r',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_input', details: { rule: 'bad_fact' } });
  });
});

describe('first refusal, delays, and outcomes after sale', () => {
  it('pauses first refusal on an expression of interest until it is closed', async () => {
    const caseId = await approvedCase(sites[1]!);
    const listed = await post('officer', `/api/cases/${caseId}/transitions`, {
      to: 'first_refusal',
      reason: 'listed',
      version: 6,
      epimsReference: 'EPIMS-123',
    });
    expect(listed.json().stage).toBe('first_refusal');
    const interest = await post('officer', `/api/cases/${caseId}/interests`, {
      body: 'Metropolitan Police',
      reason: 'they wrote',
      version: 7,
    });
    expect(interest.statusCode, interest.body).toBe(200);
    const blocked = await post('officer', `/api/cases/${caseId}/transitions`, {
      to: 'due_diligence',
      reason: 'period over',
      version: 8,
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toMatchObject({ error: 'illegal_transition', details: { rule: 'no_open_interest' } });
    expect(blocked.json().message).toMatch(/Metropolitan Police pauses the sale route/);
    const unknown = await post('officer', `/api/cases/${caseId}/interests`, {
      body: 'Fire Brigade',
      closed: true,
      reason: 'r',
    });
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json().details).toEqual({ rule: 'unknown_interest' });
    const closed = await post('officer', `/api/cases/${caseId}/interests`, {
      body: 'Metropolitan Police',
      closed: true,
      reason: 'withdrew',
    });
    expect(closed.json().timeline.at(-1)).toMatchObject({
      kind: 'interest_closed',
      payload: { body: 'Metropolitan Police' },
    });

    // Why a stage is late: the Board may say too; housing may not.
    const delay = await post('board', `/api/cases/${caseId}/delays`, {
      stallReason: { code: 'clinical_use' },
      reason: 'clinic still open',
    });
    expect(delay.statusCode, delay.body).toBe(200);
    expect(delay.json().timeline.at(-1)).toMatchObject({ kind: 'delay_explained', role: 'board' });
    const byHousing = await post('housing', `/api/cases/${caseId}/delays`, {
      stallReason: { code: 'clinical_use' },
      reason: 'r',
    });
    expect(byHousing.statusCode).toBe(403);
  });

  it('completes a sale, takes outcomes per case and as a CSV upload, and reports them', async () => {
    const site = sites[2]!;
    const caseId = await approvedCase(site);
    const steps: Array<[string, object]> = [
      ['transitions', { to: 'due_diligence', firstRefusalWaiver: 'no public interest', reason: 'r' }],
      ['facts', { fact: { fact: 'title_report', summary: 'clean freehold' }, reason: 'r' }],
      ['facts', { fact: { fact: 'planning_brief', summary: 'homes' }, reason: 'r' }],
      [
        'facts',
        {
          fact: {
            fact: 'valuation',
            marketValuePence: 800_000_000,
            capacityHomes: 60,
            valuedOn: '2026-11-01',
            basis: 'RICS',
          },
          reason: 'r',
        },
      ],
      ['transitions', { to: 'planning', reason: 'r' }],
      [
        'facts',
        {
          fact: { fact: 'planning_outcome', outcome: 'outline_consent', reference: 'P/1', homesPermitted: 58 },
          reason: 'r',
        },
      ],
      ['transitions', { to: 'marketing', reason: 'r' }],
      [
        'facts',
        {
          fact: { fact: 'sale_agreement', buyer: 'Homes Ltd', pricePence: 820_000_000, publicBody: false },
          reason: 'r',
        },
      ],
      ['transitions', { to: 'sale_agreed', reason: 'r' }],
      ['transitions', { to: 'completed', reason: 'r' }],
    ];
    for (const [verb, payload] of steps) {
      const version = (await get('officer', `/api/cases/${caseId}`)).json().version as number;
      const res = await post('officer', `/api/cases/${caseId}/${verb}`, { ...payload, version });
      expect(res.statusCode, `${verb} ${res.body}`).toBe(200);
    }
    // Housing states homes, not money; the answer is the status a housing caller may see.
    const homes = await post('housing', `/api/cases/${caseId}/outcomes`, {
      outcome: { homesStarted: 58 },
      reason: 'site start',
    });
    expect(homes.statusCode, homes.body).toBe(200);
    expect(homes.json()).not.toHaveProperty('timeline');
    const money = await post('housing', `/api/cases/${caseId}/outcomes`, {
      outcome: { receiptPence: 1 },
      reason: 'r',
    });
    expect(money.statusCode).toBe(400);
    expect(money.json().details).toEqual({ rule: 'bad_outcome' });
    const receipt = await post('officer', `/api/cases/${caseId}/outcomes`, {
      outcome: { receiptPence: 820_000_000 },
      reason: 'completion statement',
    });
    expect(receipt.statusCode, receipt.body).toBe(200);

    const csv = `site_ref,homes_completed,reinvested_primary_care_pence\n${site.sourceRef},30,200000000\nNHSPS-NOPE,1,\n`;
    const form = `--b\r\nContent-Disposition: form-data; name="file"; filename="outcomes.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--b--\r\n`;
    const upload = (role: Role) =>
      h.app.inject({
        method: 'POST',
        url: '/api/outcomes/uploads',
        headers: { ...h.bearer(role), 'content-type': 'multipart/form-data; boundary=b' },
        payload: form,
      });
    expect((await upload('board')).statusCode).toBe(403);
    const loaded = await upload('officer');
    expect(loaded.statusCode, loaded.body).toBe(200);
    expect(loaded.json()).toEqual({
      rows: 2,
      casesChanged: 1,
      events: 2,
      unchanged: 0,
      problems: [
        {
          row: 3,
          siteRef: 'NHSPS-NOPE',
          field: 'site_ref',
          code: 'no_completed_case',
          message: 'no completed case for site NHSPS-NOPE',
        },
      ],
    });
    expect((await upload('officer')).json()).toMatchObject({ casesChanged: 0, events: 0, unchanged: 1 });

    const report = await get('board', '/api/outcomes');
    expect(report.statusCode).toBe(200);
    expect(report.json().cases).toEqual([
      expect.objectContaining({
        caseId,
        valuationPence: 800_000_000,
        receiptPence: 820_000_000,
        receiptToValuation: 1.025,
        capacityHomes: 60,
        // The planning consent's homes are a fact on the record; outcomes state what was built.
        homesPermitted: null,
        homesStarted: 58,
        homesCompleted: 30,
        homesCompletedShareOfCapacity: 0.5,
        reinvestedPence: { primary_care: 200_000_000, community_care: 0, other: 0 },
        unallocatedPence: 620_000_000,
      }),
    ]);
    expect(report.json().totals).toMatchObject({ homesCompleted: 30, capacityHomes: 60, receiptPence: 820_000_000 });
    expect((await get('housing', '/api/outcomes')).statusCode).toBe(403);
  });
});

describe('the simulation, the audit check and the assumption set', () => {
  it('runs the estate with a stage scaled, as the CLI does, and refuses an unknown stage', async () => {
    const today = await get('board', '/api/simulation?runs=50&seed=4');
    const halved = await get('board', '/api/simulation?runs=50&seed=4&scale=planning=0.5');
    expect(today.statusCode, today.body).toBe(200);
    expect(today.json().sites).toBe(3);
    expect(today.json().perYear).toHaveLength(10);
    expect(halved.json().yearsToRelease.median).toBeLessThan(today.json().yearsToRelease.median);
    const bad = await get('board', '/api/simulation?scale=lunch=0.5');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/a stage scale is stage=factor/);
    expect((await get('housing', '/api/simulation')).statusCode).toBe(403);
  });

  it('runs the daily deadline check now for the administrator only', async () => {
    const first = await h.app.inject({ method: 'POST', url: '/api/deadlines', headers: h.bearer('admin') });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), overdue: 0, raised: [] });
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/deadlines', headers: h.bearer('officer') })).statusCode,
    ).toBe(403);
  });

  it('verifies every chain for the administrator only', async () => {
    const res = await get('admin', '/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, cases: 3, broken: [] });
    expect((await get('officer', '/api/audit/verify')).statusCode).toBe(403);
  });

  it('shows the assumption set and lets the administrator add one, refusing a bad set with every problem', async () => {
    const shown = await get('officer', '/api/assumptions');
    expect(shown.statusCode).toBe(200);
    const figure = shown.json().figures.find((f: { key: string }) => f.key === 'return.developer');
    expect(figure).toMatchObject({ provenance: expect.any(String), source: expect.any(String) });
    expect((await get('housing', '/api/assumptions')).statusCode).toBe(403);
    const set = {
      id: 'valuation-api-test',
      effectiveFrom: '2020-01-01',
      figures: { 'return.developer': { ...figure, value: Number(figure.value) / 2, source: 'test' } },
    };
    delete (set.figures['return.developer'] as { key?: string }).key;
    expect((await post('officer', '/api/assumptions', set)).statusCode).toBe(403);
    const added = await post('admin', '/api/assumptions', set);
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ id: 'valuation-api-test', added: true });
    expect((await post('admin', '/api/assumptions', set)).json()).toMatchObject({ added: false });
    const bad = await post('admin', '/api/assumptions', {
      id: 'valuation-bad',
      effectiveFrom: '2020-01-01',
      figures: { 'build.gold_taps': { value: 1, unit: '£', source: 'x', provenance: 'assumption' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/build\.gold_taps: not a valuation assumption/);
  });
});
