import { describe, expect, it } from 'vitest';
import { CASE_STAGES, type CaseStage, type CaseState } from '../../../src/domain/case-events.js';
import { ROLES, type Role } from '../../../src/domain/roles.js';
import {
  applyTransition,
  buildAgenda,
  daysLostByReason,
  escalationKey,
  openCase,
  overdueStages,
  stageDeadline,
  type CaseRequest,
  type TransitionRequest,
} from '../../../src/domain/case-workflow.js';
import { CaseBuilder, must } from './case-fixtures.js';

// ── The transition table, written out by hand so the code is checked against it ──────────

const PATH: CaseStage[] = [
  'identified',
  'surplus_declared',
  'board_review',
  'approved_for_disposal',
  'first_refusal',
  'due_diligence',
  'planning',
  'marketing',
  'sale_agreed',
];
const OB: Role[] = ['officer', 'board'];
const allowed = new Map<string, Role[]>([
  ['identified>surplus_declared', ['officer']],
  ['surplus_declared>board_review', ['officer']],
  ['board_review>approved_for_disposal', ['board']],
  ['board_review>deferred', ['board']],
  ['board_review>retained', ['board']],
  ['approved_for_disposal>first_refusal', ['officer']],
  ['approved_for_disposal>due_diligence', ['officer']],
  ['first_refusal>due_diligence', ['officer']],
  ['first_refusal>sale_agreed', ['officer']],
  ['due_diligence>planning', ['officer']],
  ['planning>marketing', ['officer']],
  ['marketing>sale_agreed', ['officer']],
  ['sale_agreed>marketing', ['officer']],
  ['sale_agreed>completed', ['officer']],
  ['deferred>planning', OB], // the deferred fixture left planning
  ...PATH.filter((s) => s !== 'board_review').map((s): [string, Role[]] => [`${s}>deferred`, OB]),
  ...[...PATH, 'deferred'].map((s): [string, Role[]] => [`${s}>withdrawn`, OB]),
  ...[
    'identified',
    'surplus_declared',
    'approved_for_disposal',
    'first_refusal',
    'due_diligence',
    'planning',
    'marketing',
    'deferred',
  ].map((s): [string, Role[]] => [`${s}>retained`, OB]),
]);
/** In the table, but only back to the stage the case was deferred from. */
const deferredElsewhere = (from: CaseStage, to: CaseStage) =>
  from === 'deferred' && PATH.includes(to) && to !== 'planning';

const DEFERRED_UNTIL = '2024-12-02';
const ATTEMPT = new Date('2025-03-03T10:00:00.000Z');

function caseAt(from: CaseStage, to: CaseStage): CaseState {
  const b = new CaseBuilder();
  switch (from) {
    case 'deferred':
      return b
        .walkTo('planning')
        .to('deferred', { stallReason: { code: 'planning_delay' }, deferUntil: DEFERRED_UNTIL }).state;
    case 'completed':
      return b.walkTo('completed').state;
    case 'withdrawn':
      return b.walkTo('planning').to('withdrawn', { stallReason: { code: 'market_conditions' } }).state;
    case 'retained':
      return b.to('retained').state;
    case 'first_refusal':
      b.walkTo('first_refusal');
      if (to === 'sale_agreed') {
        b.do({ kind: 'interest_received', body: 'Metropolitan Police' });
        b.do({
          kind: 'record_fact',
          fact: {
            fact: 'valuation',
            marketValuePence: 5_000_000_00,
            capacityHomes: 0,
            valuedOn: '2024-03-01',
            basis: 'market value',
          },
        });
        b.do({
          kind: 'record_fact',
          fact: { fact: 'sale_agreement', buyer: 'Metropolitan Police', pricePence: 5_000_000_00, publicBody: true },
        });
      }
      return b.state;
    default:
      return b.walkTo(from as Exclude<CaseStage, 'deferred' | 'completed' | 'withdrawn' | 'retained'>).prepareExit()
        .state;
  }
}

function request(to: CaseStage, role: Role): TransitionRequest {
  return {
    kind: 'transition',
    to,
    role,
    actor: 'someone',
    reason: 'tested',
    meetingId: 'LEB-2025-03',
    stallReason: { code: 'planning_delay' },
    deferUntil: '2025-06-30',
    epimsReference: 'EPIMS-99',
    firstRefusalWaiver: 'trust land; ePIMS is voluntary',
  };
}

describe('every transition between every pair of stages, for every role', () => {
  const states = new Map<string, CaseState>();
  const stateFor = (from: CaseStage, to: CaseStage) => {
    const key = from === 'first_refusal' && to === 'sale_agreed' ? 'first_refusal+interest' : from;
    if (!states.has(key)) states.set(key, caseAt(from, to));
    return states.get(key) as CaseState;
  };
  for (const from of CASE_STAGES) {
    for (const to of CASE_STAGES) {
      for (const role of ROLES) {
        const roles = allowed.get(`${from}>${to}`);
        const expectOk = roles?.includes(role) ?? false;
        it(`${from} → ${to} as ${role}: ${expectOk ? 'allowed' : 'refused'}`, () => {
          const state = stateFor(from, to);
          expect(state.stage).toBe(from);
          const verdict = applyTransition(state, request(to, role), ATTEMPT);
          if (expectOk) {
            const ok = must(verdict);
            expect(ok.event.fromStage).toBe(from);
            expect(ok.event.toStage).toBe(to);
            expect(ok.state.stage).toBe(to);
            // withdrawing a case in board review is not one of the Board's decisions
            expect(ok.event.kind).toBe(from === 'board_review' && to !== 'withdrawn' ? 'board_decision' : 'transition');
          } else {
            expect(verdict.ok).toBe(false);
            if (verdict.ok) return;
            const rule = ['completed', 'withdrawn', 'retained'].includes(from)
              ? 'case_closed'
              : deferredElsewhere(from, to)
                ? OB.includes(role)
                  ? 'deferral_over'
                  : 'role_not_allowed'
                : roles
                  ? 'role_not_allowed'
                  : 'no_such_transition';
            expect(verdict.rule).toBe(rule);
            expect(verdict.message.length).toBeGreaterThan(10);
          }
        });
      }
    }
  }
});

describe('guards', () => {
  const now = (b: CaseBuilder, days = 1) => new Date(b.now.getTime() + days * 86_400_000);

  it('needs the commissioner confirmation and then the reprovision plan before surplus is declared', () => {
    const b = new CaseBuilder();
    const attempt = () => applyTransition(b.state, request('surplus_declared', 'officer'), now(b));
    expect(attempt()).toMatchObject({ ok: false, rule: 'commissioner_confirmation' });
    b.do({ kind: 'record_fact', fact: { fact: 'commissioner_confirmation', commissioner: 'NEL ICB' } });
    expect(attempt()).toMatchObject({ ok: false, rule: 'reprovision_plan' });
    b.do({ kind: 'record_fact', fact: { fact: 'reprovision_plan', summary: 'moves to the polyclinic' } });
    expect(attempt().ok).toBe(true);
  });

  it('records the Board meeting with its decision, and refuses a decision with no meeting', () => {
    const b = new CaseBuilder().walkTo('board_review');
    const noMeeting = applyTransition(b.state, { ...request('approved_for_disposal', 'board'), meetingId: '' }, now(b));
    expect(noMeeting).toMatchObject({ ok: false, rule: 'board_meeting' });
    for (const meetingId of ['LEB 2025/03', '-LEB', `L${'x'.repeat(64)}`]) {
      const malformed = applyTransition(b.state, { ...request('approved_for_disposal', 'board'), meetingId }, now(b));
      expect(malformed, meetingId).toMatchObject({ ok: false, rule: 'bad_meeting_id' });
    }
    const deferred = must(applyTransition(b.state, request('deferred', 'board'), now(b)));
    expect(deferred.event.payload).toEqual({
      meetingId: 'LEB-2025-03',
      decision: 'defer',
      deferUntil: '2025-06-30',
      stallReason: { code: 'planning_delay' },
    });
    expect(deferred.state.boardDecisions).toEqual([
      { meetingId: 'LEB-2025-03', decision: 'defer', decidedOn: '2024-01-13', sequence: 6 },
    ]);
    expect(deferred.state.deferral).toEqual({
      from: 'board_review',
      until: '2025-06-30',
      reason: { code: 'planning_delay' },
    });
    const rejected = must(applyTransition(b.state, request('retained', 'board'), now(b)));
    expect(rejected.event.payload).toMatchObject({ decision: 'reject' });
  });

  it('holds first refusal for 40 working days from listing', () => {
    const b = new CaseBuilder().walkTo('first_refusal');
    const listedOn = b.state.epimsListing?.listedOn;
    expect(listedOn).toBe('2024-01-14'); // a Sunday: the count starts on Monday 15th
    // 40 working days after Sun 14 Jan 2024 is Fri 8 Mar (eight weeks, no holidays).
    const onDay = (iso: string) =>
      applyTransition(b.state, request('due_diligence', 'officer'), new Date(`${iso}T12:00:00Z`));
    expect(onDay('2024-03-07')).toMatchObject({ ok: false, rule: 'first_refusal_period' });
    expect(onDay('2024-03-08').ok).toBe(true);
  });

  it('pauses the sale route while an expression of interest is open, and adds the pause to the period', () => {
    const b = new CaseBuilder().walkTo('first_refusal'); // listed Sun 14 Jan 2024
    b.wait(1).do({ kind: 'interest_received', body: 'Met Police' }); // Tue 16 Jan (do adds a day)
    const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
    expect(applyTransition(b.state, request('due_diligence', 'officer'), at('2024-03-20'))).toMatchObject({
      ok: false,
      rule: 'no_open_interest',
    });
    expect(overdueStages([b.state], at('2024-06-01'))).toEqual([]); // the clock is stopped
    // Closed on Tue 30 Jan: paused for the 10 working days after 16 Jan up to 30 Jan.
    const closed = must(
      applyTransition(
        b.state,
        { kind: 'interest_closed', body: 'Met Police', actor: 'alice', role: 'officer', reason: 'no budget' },
        at('2024-01-30'),
      ),
    );
    expect(applyTransition(closed.state, request('due_diligence', 'officer'), at('2024-03-21'))).toMatchObject({
      ok: false,
      rule: 'first_refusal_period',
    });
    expect(applyTransition(closed.state, request('due_diligence', 'officer'), at('2024-03-22')).ok).toBe(true);
  });

  it('needs a real stall reason and a future date to defer', () => {
    const b = new CaseBuilder().walkTo('planning');
    const at = now(b);
    expect(
      applyTransition(b.state, { ...request('deferred', 'officer'), stallReason: { code: 'other' } }, at),
    ).toMatchObject({ ok: false, rule: 'stall_reason' });
    expect(
      applyTransition(b.state, { ...request('deferred', 'officer'), stallReason: { code: 'bored' } as never }, at),
    ).toMatchObject({ ok: false, rule: 'stall_reason' });
    expect(applyTransition(b.state, { ...request('deferred', 'officer'), deferUntil: '2024-01-01' }, at)).toMatchObject(
      { ok: false, rule: 'defer_until' },
    );
    expect(applyTransition(b.state, { ...request('deferred', 'officer'), deferUntil: '2024-13-01' }, at)).toMatchObject(
      { ok: false, rule: 'defer_until' },
    );
    expect(
      applyTransition(
        b.state,
        { ...request('deferred', 'officer'), stallReason: { code: 'other', text: 'covenant search' } },
        at,
      ).ok,
    ).toBe(true);
  });

  it('brings a deferred case back only on or after its date', () => {
    const b = new CaseBuilder()
      .walkTo('planning')
      .to('deferred', { stallReason: { code: 'clinical_use' }, deferUntil: '2024-09-02' });
    const back = (iso: string) =>
      applyTransition(b.state, request('planning', 'officer'), new Date(`${iso}T09:00:00Z`));
    expect(back('2024-08-30')).toMatchObject({ ok: false, rule: 'deferral_over' });
    expect(back('2024-09-02').ok).toBe(true);
  });

  it('refuses a sale during first refusal to anyone but an interested public body', () => {
    const b = new CaseBuilder().walkTo('first_refusal');
    b.do({
      kind: 'record_fact',
      fact: { fact: 'valuation', marketValuePence: 100, capacityHomes: 1, valuedOn: '2024-02-01', basis: 'market' },
    });
    b.do({
      kind: 'record_fact',
      fact: { fact: 'sale_agreement', buyer: 'Developer plc', pricePence: 100, publicBody: false },
    });
    expect(applyTransition(b.state, request('sale_agreed', 'officer'), now(b))).toMatchObject({
      ok: false,
      rule: 'public_buyer_interest',
    });
  });

  it('keeps a fact’s document on its event, and refuses a document without a reference or a file without its sha256', () => {
    const b = new CaseBuilder();
    const fact = { fact: 'title_report', summary: 'clean freehold' } as const;
    const ask = (document: object) =>
      applyTransition(
        b.state,
        { kind: 'record_fact', fact, document, actor: 'alice', role: 'officer', reason: 'on file' } as CaseRequest,
        now(b),
      );
    const file = { filename: 'title.pdf', sha256: 'a'.repeat(64), sizeBytes: 10 };
    const kept = ask({ reference: 'Title register NGL123', file });
    expect(kept.ok && kept.event.payload).toEqual({ fact, document: { reference: 'Title register NGL123', file } });
    expect(ask({ reference: ' ' })).toMatchObject({ ok: false, rule: 'bad_fact' });
    expect(ask({ reference: 'x', file: { ...file, sha256: 'nope' } })).toMatchObject({ ok: false, rule: 'bad_fact' });
  });

  it('clears a sale agreement that falls through, so a new one must be recorded', () => {
    const b = new CaseBuilder().walkTo('sale_agreed').to('marketing');
    expect(b.state.facts.saleAgreement).toBeNull();
    expect(applyTransition(b.state, request('sale_agreed', 'officer'), now(b))).toMatchObject({
      ok: false,
      rule: 'sale_agreement',
    });
  });

  it('refuses a request without a reason, or dated before the last event', () => {
    const b = new CaseBuilder();
    expect(applyTransition(b.state, { ...request('withdrawn', 'officer'), reason: ' ' }, now(b))).toMatchObject({
      ok: false,
      rule: 'reason_required',
    });
    expect(applyTransition(b.state, request('withdrawn', 'officer'), new Date('2024-01-07T00:00:00Z'))).toMatchObject({
      ok: false,
      rule: 'clock_backwards',
    });
  });

  it('lets only officers and the Board open cases', () => {
    expect(openCase({ caseId: 9, siteId: 9, actor: 'h', role: 'housing', reason: 'x' }, new Date())).toMatchObject({
      ok: false,
      rule: 'role_not_allowed',
    });
    expect(
      openCase(
        { caseId: 9, siteId: 9, actor: 'b', role: 'board', reason: 'agenda item' },
        new Date('2024-01-01T00:00:00Z'),
      ).ok,
    ).toBe(true);
  });

  it('takes expressions of interest only in first refusal and delay explanations only on path stages', () => {
    const b = new CaseBuilder();
    const ask = { actor: 'a', role: 'officer' as const, reason: 'r' };
    expect(applyTransition(b.state, { ...ask, kind: 'interest_received', body: 'TfL' }, now(b))).toMatchObject({
      ok: false,
      rule: 'wrong_stage',
    });
    expect(
      applyTransition(
        b.state,
        { ...ask, kind: 'explain_delay', stallReason: { code: 'reprovision_not_ready' } },
        now(b),
      ).ok,
    ).toBe(true);
    expect(
      applyTransition(
        b.state,
        { ...ask, role: 'housing', kind: 'explain_delay', stallReason: { code: 'reprovision_not_ready' } },
        now(b),
      ),
    ).toMatchObject({ ok: false, rule: 'role_not_allowed' });
    expect(
      applyTransition(
        b.state,
        {
          ...ask,
          kind: 'record_fact',
          fact: { fact: 'valuation', marketValuePence: -1, capacityHomes: 1, valuedOn: '2024-01-01', basis: 'b' },
        },
        now(b),
      ),
    ).toMatchObject({ ok: false, rule: 'bad_fact' });
  });
});

describe('deadlines and escalations', () => {
  it('sets stage deadlines in working days from the day a stage is entered', () => {
    expect(stageDeadline('2024-12-20', 'first_refusal')).toBe('2025-02-19');
    // Surplus declared: 2 months × 21 = 42 working days; from Fri 19 Dec 2025 across Christmas and New Year.
    // 22 23 24 (3) 25H 26H 29 30 31 (6) 1H 2 (7), then 35 more = 7 weeks from Mon 5 Jan → Fri 20 Feb 2026.
    expect(stageDeadline('2025-12-19', 'surplus_declared')).toBe('2026-02-20');
    expect(stageDeadline('2024-01-08', 'completed')).toBeNull();
    expect(stageDeadline('2024-01-08', 'deferred')).toBeNull();
  });

  it('escalates a stage once it runs past its deadline, with the same key every time', () => {
    const b = new CaseBuilder().walkTo('surplus_declared'); // entered Thu 11 Jan 2024
    const entered = b.state.visits[b.state.visits.length - 1];
    expect(entered?.enteredOn).toBe('2024-01-11');
    const deadline = stageDeadline('2024-01-11', 'surplus_declared');
    expect(deadline).toBe('2024-03-11'); // 42 working days, none of them holidays
    expect(overdueStages([b.state], new Date('2024-03-11T16:00:00Z'))).toEqual([]);
    const first = overdueStages([b.state], new Date('2024-03-12T09:00:00Z'));
    expect(first).toEqual([
      {
        caseId: 1,
        stage: 'surplus_declared',
        enteredAt: '2024-01-11T10:00:00.000Z',
        deadline: '2024-03-11',
        workingDaysOverdue: 1,
        stallReason: null,
        key: 'escalation-1-surplus_declared-20240111T100000000Z',
      },
    ]);
    const later = overdueStages([b.state], new Date('2024-04-15T09:00:00Z'));
    expect(later[0]?.key).toBe(first[0]?.key);
    // 12–15 Mar 4, 18–22 Mar 5, 25–28 Mar 4 (Good Friday, Easter Monday), 2–5 Apr 4, 8–12 Apr 5, 15 Apr 1.
    expect(later[0]?.workingDaysOverdue).toBe(23);
    expect(first[0]?.key).toMatch(/^[a-z]+-[A-Za-z0-9_-]+$/);
    expect(escalationKey(7, 'planning', '2024-05-01T08:00:00.000Z')).toBe('escalation-7-planning-20240501T080000000Z');
  });

  it('escalates a deferral whose date has passed, and carries the reason given for a late stage', () => {
    const deferred = new CaseBuilder(2)
      .walkTo('planning')
      .to('deferred', { stallReason: { code: 'clinical_use' }, deferUntil: '2024-06-03' });
    const [e] = overdueStages([deferred.state], new Date('2024-06-05T09:00:00Z'));
    expect(e).toMatchObject({
      caseId: 2,
      stage: 'deferred',
      deadline: '2024-06-03',
      workingDaysOverdue: 2,
      stallReason: { code: 'clinical_use' },
    });
    const late = new CaseBuilder(3)
      .walkTo('surplus_declared')
      .do({ kind: 'explain_delay', stallReason: { code: 'reprovision_not_ready' } });
    expect(overdueStages([late.state], new Date('2024-04-01T09:00:00Z'))[0]?.stallReason).toEqual({
      code: 'reprovision_not_ready',
    });
  });

  it('gives a stage resumed after a deferral only what was left of its target', () => {
    // Surplus declared Thu 11 Jan; deferred Mon 22 Jan after 7 working days; back on Mon 4 Mar.
    const b = new CaseBuilder()
      .walkTo('surplus_declared')
      .wait(10)
      .to('deferred', { stallReason: { code: 'clinical_use' }, deferUntil: '2024-03-04' });
    expect(b.state.visits[b.state.visits.length - 2]?.leftOn).toBe('2024-01-22');
    b.now = new Date('2024-03-03T10:00:00Z');
    b.to('surplus_declared');
    // 42 − 7 = 35 working days from Mon 4 Mar, less Good Friday and Easter Monday → Wed 24 Apr.
    expect(overdueStages([b.state], new Date('2024-04-24T12:00:00Z'))).toEqual([]);
    expect(overdueStages([b.state], new Date('2024-04-25T12:00:00Z'))[0]?.deadline).toBe('2024-04-24');
  });
});

describe('days lost by reason', () => {
  it('adds deferred days and days past deadlines under their reasons, and counts withdrawals', () => {
    const deferred = new CaseBuilder(1)
      .walkTo('planning')
      .to('deferred', { stallReason: { code: 'clinical_use' }, deferUntil: '2024-12-02' });
    const deferredOn = deferred.state.visits[deferred.state.visits.length - 1]?.enteredOn as string;
    const late = new CaseBuilder(2).walkTo('surplus_declared'); // deadline 11 Mar 2024
    const explained = new CaseBuilder(3)
      .walkTo('surplus_declared')
      .do({ kind: 'explain_delay', stallReason: { code: 'title_or_covenant' } });
    const withdrawn = new CaseBuilder(4).to('withdrawn', { stallReason: { code: 'land_not_controlled' } });
    const now = new Date('2024-04-15T09:00:00Z');
    const rows = daysLostByReason([deferred.state, late.state, explained.state, withdrawn.state], now);
    const by = Object.fromEntries(rows.map((r) => [r.reason, r]));
    expect(rows).toHaveLength(9);
    expect(by.clinical_use).toMatchObject({ deferrals: 1, overdueStages: 0, withdrawals: 0 });
    // Deferred Sat 30 Mar: Easter Monday, 2–5 Apr, 8–12 Apr, 15 Apr → 10 working days.
    expect(deferredOn).toBe('2024-03-30');
    expect(by.clinical_use?.workingDaysLost).toBe(10);
    // Case 2's surplus stage is 23 days late; case 1's first refusal ran 11 past its 40 days (8 → 25 Mar).
    expect(by.unexplained).toEqual({
      reason: 'unexplained',
      workingDaysLost: 34,
      deferrals: 0,
      overdueStages: 2,
      withdrawals: 0,
    });
    // Case 3 entered surplus on the same day as case 2; the explanation moves the days, not the deadline.
    expect(by.title_or_covenant?.overdueStages).toBe(1);
    expect(by.title_or_covenant?.workingDaysLost).toBe(23);
    expect(by.land_not_controlled).toEqual({
      reason: 'land_not_controlled',
      workingDaysLost: 0,
      deferrals: 0,
      overdueStages: 0,
      withdrawals: 1,
    });
    expect(by.market_conditions?.workingDaysLost).toBe(0);
  });
});

describe('the Board agenda', () => {
  it('brings the top new candidates, the cases awaiting a decision and the overdue ones', () => {
    const inReview = new CaseBuilder(1, 101).walkTo('board_review');
    const retained = new CaseBuilder(2, 102).to('retained');
    const withdrawn = new CaseBuilder(3, 103).to('withdrawn', { stallReason: { code: 'market_conditions' } });
    const lateDeclared = new CaseBuilder(4, 104).walkTo('surplus_declared');
    const candidates = [101, 102, 103, 104, 105, 106].map((siteId, i) => ({ siteId, rank: 6 - i }));
    const agenda = buildAgenda({
      candidates,
      cases: [inReview.state, retained.state, withdrawn.state, lateDeclared.state],
      now: new Date('2024-03-20T09:00:00Z'),
      topN: 2,
    });
    expect(agenda.newCandidates.map((c) => c.siteId)).toEqual([106, 105]);
    expect(agenda.awaitingDecision.map((c) => c.caseId)).toEqual([1]);
    expect(agenda.overdue.map((e) => [e.caseId, e.stage])).toEqual([[4, 'surplus_declared']]);
    const more = buildAgenda({
      candidates,
      cases: [inReview.state, retained.state, withdrawn.state, lateDeclared.state],
      now: new Date('2024-03-20T09:00:00Z'),
      topN: 3,
    });
    expect(more.newCandidates.map((c) => c.siteId)).toEqual([106, 105, 103]);
  });
});
