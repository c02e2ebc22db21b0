import { describe, expect, it } from 'vitest';
import { applyTransition } from '../../../src/domain/case-workflow.js';
import { outcomeReport } from '../../../src/domain/outcomes.js';
import { CaseBuilder } from './case-fixtures.js';

describe('outcomes after sale', () => {
  // The fixture values every case at £1,000,000 with capacity for 120 homes.
  const sold = (caseId: number) => new CaseBuilder(caseId).walkTo('completed');

  it('reports receipts against valuation and homes against capacity', () => {
    const a = sold(1)
      .do({ kind: 'record_outcome', outcome: { receiptPence: 1_100_000_00 } })
      .do({ kind: 'record_outcome', outcome: { reinvestment: { category: 'primary_care', amountPence: 600_000_00 } } })
      .do({
        kind: 'record_outcome',
        outcome: { reinvestment: { category: 'community_care', amountPence: 400_000_00 } },
      })
      .do({
        kind: 'record_outcome',
        role: 'housing',
        outcome: { homesPermitted: 110, homesStarted: 110, homesCompleted: 60 },
      })
      .do({ kind: 'record_outcome', role: 'housing', outcome: { homesCompleted: 96 } });
    const b = sold(2).do({ kind: 'record_outcome', outcome: { receiptPence: 900_000_00 } });
    const c = sold(3);
    const open = new CaseBuilder(4).walkTo('planning');
    const atValuation = sold(7).do({ kind: 'record_outcome', outcome: { receiptPence: 1_000_000_00 } });
    const report = outcomeReport([c.state, open.state, b.state, a.state, atValuation.state]);
    expect(report.cases.map((r) => r.caseId)).toEqual([1, 2, 3, 7]);
    expect(report.cases[0]).toEqual({
      caseId: 1,
      siteId: 100,
      valuationPence: 1_000_000_00,
      receiptPence: 1_100_000_00,
      receiptToValuation: 1.1,
      capacityHomes: 120,
      homesPermitted: 110,
      homesStarted: 110,
      homesCompleted: 96,
      homesCompletedShareOfCapacity: 0.8,
      reinvestedPence: { primary_care: 600_000_00, community_care: 400_000_00, other: 0 },
      unallocatedPence: 100_000_00,
    });
    expect(report.awaitingReceipt).toEqual([3]);
    expect(report.totals).toMatchObject({
      receiptPence: 3_000_000_00,
      valuationPence: 3_000_000_00,
      receiptToValuation: 1,
      atOrAboveValuationShare: 2 / 3, // 1.1m and 1.0m against 1.0m: at counts

      homesCompleted: 96,
      capacityHomes: 120,
      homesCompletedShareOfCapacity: 0.8,
      homesPermitted: 110,
      homesStarted: 110,
      reinvestedPence: { primary_care: 600_000_00, community_care: 400_000_00, other: 0 },
    });
  });

  it('refuses outcomes before completion, receipts from housing, and reinvestment beyond the receipt', () => {
    const open = new CaseBuilder(5).walkTo('sale_agreed');
    const at = new Date('2025-01-01T00:00:00Z');
    const ask = { kind: 'record_outcome' as const, actor: 'h', reason: 'r' };
    expect(applyTransition(open.state, { ...ask, role: 'officer', outcome: { receiptPence: 1 } }, at)).toMatchObject({
      ok: false,
      rule: 'wrong_stage',
    });
    const done = sold(6).do({ kind: 'record_outcome', outcome: { receiptPence: 500 } });
    expect(applyTransition(done.state, { ...ask, role: 'housing', outcome: { receiptPence: 1 } }, at)).toMatchObject({
      ok: false,
      rule: 'bad_outcome',
    });
    expect(applyTransition(done.state, { ...ask, role: 'board', outcome: { homesCompleted: 1 } }, at)).toMatchObject({
      ok: false,
      rule: 'role_not_allowed',
    });
    expect(
      applyTransition(
        done.state,
        { ...ask, role: 'officer', outcome: { reinvestment: { category: 'other', amountPence: 501 } } },
        at,
      ),
    ).toMatchObject({ ok: false, rule: 'bad_outcome' });
    expect(
      applyTransition(done.state, { ...ask, role: 'housing', outcome: { homesCompleted: 2.5 } }, at),
    ).toMatchObject({ ok: false, rule: 'bad_outcome' });
    expect(applyTransition(done.state, { ...ask, role: 'officer', outcome: {} }, at)).toMatchObject({
      ok: false,
      rule: 'bad_outcome',
    });
  });

  it('gives empty totals for no completed cases', () => {
    const report = outcomeReport([]);
    expect(report.totals.receiptToValuation).toBeNull();
    expect(report.totals.atOrAboveValuationShare).toBeNull();
    expect(report.totals.homesCompletedShareOfCapacity).toBeNull();
  });
});
