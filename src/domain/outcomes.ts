import type { CaseState, ReinvestmentCategory } from './case-events.js';

/**
 * What disposals delivered: the receipt against the valuation made before sale (NAO 2002 found
 * 95% of sales at or above it), where the money went, and the homes built against the capacity
 * the valuation assumed.
 */

export interface CaseOutcomeRow {
  caseId: number;
  siteId: number;
  valuationPence: number | null;
  receiptPence: number | null;
  /** Receipt ÷ valuation; null when either is missing or the valuation is nil. */
  receiptToValuation: number | null;
  capacityHomes: number | null;
  homesPermitted: number | null;
  homesStarted: number | null;
  homesCompleted: number | null;
  /** Homes completed ÷ capacity at disposal; null when either is unknown or capacity is nil. */
  homesCompletedShareOfCapacity: number | null;
  reinvestedPence: Record<ReinvestmentCategory, number>;
  /** Receipt not yet said to be reinvested anywhere. */
  unallocatedPence: number | null;
}

export interface OutcomeReport {
  cases: CaseOutcomeRow[];
  /** Completed cases with no receipt recorded yet. */
  awaitingReceipt: number[];
  totals: {
    /** Over cases with both a receipt and a valuation, so the two sums compare like with like. */
    receiptPence: number;
    valuationPence: number;
    receiptToValuation: number | null;
    /** Share of those cases sold at or above valuation (NAO yardstick: 95%). */
    atOrAboveValuationShare: number | null;
    /** Over cases with a capacity and a count of completed homes. */
    homesCompleted: number;
    capacityHomes: number;
    homesCompletedShareOfCapacity: number | null;
    homesPermitted: number;
    homesStarted: number;
    reinvestedPence: Record<ReinvestmentCategory, number>;
  };
}

const ratio = (a: number | null, b: number | null): number | null =>
  a === null || b === null || b === 0 ? null : a / b;

function addPence(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError('pence summed beyond a safe integer');
  return sum;
}

const noReinvestment = (): Record<ReinvestmentCategory, number> => ({ primary_care: 0, community_care: 0, other: 0 });

export function outcomeReport(cases: readonly CaseState[]): OutcomeReport {
  const completed = cases.filter((c) => c.stage === 'completed').sort((a, b) => a.caseId - b.caseId);
  const rows = completed.map((c): CaseOutcomeRow => {
    const { outcome } = c;
    const valuationPence = c.facts.valuation?.marketValuePence ?? null;
    const capacityHomes = c.facts.valuation?.capacityHomes ?? null;
    const reinvestedPence = noReinvestment();
    for (const r of outcome.reinvestments)
      reinvestedPence[r.category] = addPence(reinvestedPence[r.category], r.amountPence);
    const reinvested = reinvestedPence.primary_care + reinvestedPence.community_care + reinvestedPence.other;
    return {
      caseId: c.caseId,
      siteId: c.siteId,
      valuationPence,
      receiptPence: outcome.receiptPence,
      receiptToValuation: ratio(outcome.receiptPence, valuationPence),
      capacityHomes,
      homesPermitted: outcome.homesPermitted,
      homesStarted: outcome.homesStarted,
      homesCompleted: outcome.homesCompleted,
      homesCompletedShareOfCapacity: ratio(outcome.homesCompleted, capacityHomes),
      reinvestedPence,
      unallocatedPence: outcome.receiptPence === null ? null : outcome.receiptPence - reinvested,
    };
  });
  const valued = rows.filter((r) => r.receiptPence !== null && r.valuationPence !== null);
  const receiptPence = valued.reduce((s, r) => addPence(s, r.receiptPence ?? 0), 0);
  const valuationPence = valued.reduce((s, r) => addPence(s, r.valuationPence ?? 0), 0);
  const built = rows.filter((r) => r.homesCompleted !== null && r.capacityHomes !== null);
  const homesCompleted = built.reduce((s, r) => s + (r.homesCompleted ?? 0), 0);
  const capacityHomes = built.reduce((s, r) => s + (r.capacityHomes ?? 0), 0);
  const reinvestedPence = noReinvestment();
  for (const r of rows) {
    for (const k of Object.keys(reinvestedPence) as ReinvestmentCategory[])
      reinvestedPence[k] = addPence(reinvestedPence[k], r.reinvestedPence[k]);
  }
  return {
    cases: rows,
    awaitingReceipt: rows.filter((r) => r.receiptPence === null).map((r) => r.caseId),
    totals: {
      receiptPence,
      valuationPence,
      receiptToValuation: ratio(receiptPence, valuationPence),
      atOrAboveValuationShare:
        valued.length === 0
          ? null
          : valued.filter((r) => (r.receiptPence ?? 0) >= (r.valuationPence ?? 0)).length / valued.length,
      homesCompleted,
      capacityHomes,
      homesCompletedShareOfCapacity: ratio(homesCompleted, capacityHomes),
      homesPermitted: rows.reduce((s, r) => s + (r.homesPermitted ?? 0), 0),
      homesStarted: rows.reduce((s, r) => s + (r.homesStarted ?? 0), 0),
      reinvestedPence,
    },
  };
}
