import { describe, expect, it } from 'vitest';
import { stageHistory, standingStage } from '../../../src/domain/stage-history.js';
import { workingDaysBetween } from '../../../src/domain/working-days.js';
import { CaseBuilder } from './case-fixtures.js';

const TODAY = '2025-06-02';

describe('stageHistory', () => {
  it('counts a stage a case has left as ended, and the one it is in as still running (censored)', () => {
    const b = new CaseBuilder(1).walkTo('planning');
    const h = stageHistory([b.state], TODAY);
    expect(h.stages.due_diligence.durations).toEqual([{ workingDays: expect.any(Number), ended: true }]);
    expect(h.stages.due_diligence.exits).toEqual({ movedOn: 1, withdrawn: 0, retained: 0 });
    const planning = h.stages.planning.durations;
    expect(planning).toHaveLength(1);
    expect(planning[0]?.ended).toBe(false);
    // Entered planning on 11 Mar 2024; 2 Jun 2025 is some 300 working days on.
    expect(planning[0]?.workingDays).toBeGreaterThan(290);
    expect(h.stages.planning.exits).toEqual({ movedOn: 0, withdrawn: 0, retained: 0 });
    expect(h.stages.marketing.durations).toEqual([]);
  });

  it('leaves time deferred out of the stage, keeps the stage censored while deferred from it, and records the deferral', () => {
    const b = new CaseBuilder(2)
      .walkTo('marketing')
      .to('deferred', { stallReason: { code: 'market_conditions' }, deferUntil: '2024-09-02' });
    const [marketing, deferred] = b.state.visits.slice(-2);
    const h = stageHistory([b.state], TODAY);
    expect(standingStage(b.state)).toBe('marketing');
    // The marketing visit ended when the case was deferred; the year deferred since is not marketing's.
    expect(h.stages.marketing.durations).toEqual([
      { workingDays: workingDaysBetween(marketing!.enteredOn, marketing!.leftOn!), ended: false },
    ]);
    expect(h.stages.marketing.deferrals).toEqual({ deferred: 1, outOf: 1 });
    expect(h.deferralLengths).toEqual([{ workingDays: workingDaysBetween(deferred!.enteredOn, TODAY), ended: false }]);
    expect(h.deferralLengths[0]!.workingDays).toBeGreaterThan(250);
  });

  it('tells withdrawn and retained exits apart, from the stage the case stood at', () => {
    const withdrawn = new CaseBuilder(3)
      .walkTo('planning')
      .to('withdrawn', { stallReason: { code: 'planning_delay' } });
    const retained = new CaseBuilder(4)
      .walkTo('board_review')
      .to('retained', { role: 'board', meetingId: 'LEB-2024-03' });
    const deferredThenWithdrawn = new CaseBuilder(5)
      .walkTo('due_diligence')
      .to('deferred', { stallReason: { code: 'abnormal_costs' }, deferUntil: '2024-06-03' })
      .to('withdrawn', { stallReason: { code: 'abnormal_costs' } });
    const h = stageHistory([withdrawn.state, retained.state, deferredThenWithdrawn.state], TODAY);
    expect(h.stages.planning.exits).toEqual({ movedOn: 0, withdrawn: 1, retained: 0 });
    expect(h.stages.board_review.exits).toEqual({ movedOn: 2, withdrawn: 0, retained: 1 });
    expect(h.stages.due_diligence.exits).toEqual({ movedOn: 1, withdrawn: 1, retained: 0 });
    expect(h.stages.due_diligence.durations.every((d) => d.ended)).toBe(true);
    expect(h.deferralLengths).toHaveLength(1);
    expect(h.deferralLengths[0]?.ended).toBe(true);
  });

  it('keeps a sale that fell through censored in sale agreed, since the case will be back', () => {
    const b = new CaseBuilder(6).walkTo('sale_agreed').to('marketing');
    const h = stageHistory([b.state], TODAY);
    expect(h.stages.sale_agreed.durations).toHaveLength(1);
    expect(h.stages.sale_agreed.durations[0]?.ended).toBe(false);
    expect(h.stages.marketing.durations[0]?.ended).toBe(false);
  });

  it('does not depend on the order of the cases', () => {
    const cases = [1, 2, 3].map((id) => new CaseBuilder(id).wait(id * 40).walkTo('planning').state);
    expect(stageHistory(cases, TODAY)).toEqual(stageHistory([...cases].reverse(), TODAY));
  });
});
