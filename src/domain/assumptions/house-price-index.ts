import type { ValuationAssumptions } from './valuation.js';

/** One accepted row of the UK House Price Index: a London borough's index for a month (yyyy-mm). */
export interface HousePriceIndexPoint {
  row: number;
  month: string;
  gssCode: string;
  index: number;
}

/** How one borough's sales value was carried from the set's base date to the valuation date. */
export interface BoroughIndexation {
  gssCode: string;
  fromMonth: string;
  toMonth: string;
  fromIndex: number;
  toIndex: number;
  ratio: number;
  /** Pence per m² NIA, before and after. */
  salesValueBefore: number;
  salesValueAfter: number;
}

export interface SalesIndexation {
  /** A set `{ id, effectiveFrom, figures }` for mergeValuationAssumptions to check like any other. */
  candidate: { id: string; effectiveFrom: string; figures: Record<string, unknown> };
  indexed: BoroughIndexation[];
  /** Boroughs of the base set the file does not index at both months: their sales values are kept as they were. */
  notIndexed: string[];
}

const RATIO_DECIMALS = 6;

/** The file's latest month (yyyy-mm; '' for none): its edition, and the valuation month when none is given. */
export function latestMonth(points: readonly HousePriceIndexPoint[]): string {
  let latest = '';
  for (const p of points) if (p.month > latest) latest = p.month;
  return latest;
}

/**
 * Indexes the base set's per-borough sales values (sales.value) by the UK HPI from the month of `fromDate` (the
 * set's base date) to the month of `toDate` (the valuation date): value × index(to) / index(from), per borough.
 * The conversion is written into the figure's source, every borough's two indices and ratio with the file named,
 * so `estates assumptions show` and a valuation's working say where the new values came from. The new set takes
 * effect on the valuation date. Returns why not when the dates or file do not allow it.
 */
export function indexSalesValues(
  base: ValuationAssumptions,
  points: readonly HousePriceIndexPoint[],
  options: { fromDate: string; toDate: string; id: string; sourceName: string },
): { ok: true; indexation: SalesIndexation } | { ok: false; problem: string } {
  const fromMonth = options.fromDate.slice(0, 7);
  const toMonth = options.toDate.slice(0, 7);
  if (toMonth <= fromMonth)
    return {
      ok: false,
      problem: `the valuation date ${options.toDate} must fall in a later month than the base date ${options.fromDate}`,
    };
  const indexOf = new Map(points.map((p) => [`${p.gssCode} ${p.month}`, p.index]));
  const latest = latestMonth(points);
  const sales = base.figures['sales.value'];
  const value: Record<string, number> = { ...sales.value };
  const indexed: BoroughIndexation[] = [];
  const notIndexed: string[] = [];
  for (const [gssCode, before] of Object.entries(sales.value)) {
    const fromIndex = indexOf.get(`${gssCode} ${fromMonth}`);
    const toIndex = indexOf.get(`${gssCode} ${toMonth}`);
    if (fromIndex === undefined || toIndex === undefined) {
      notIndexed.push(gssCode);
      continue;
    }
    const ratio = Number((toIndex / fromIndex).toFixed(RATIO_DECIMALS));
    const after = Math.round(before * ratio);
    value[gssCode] = after;
    indexed.push({
      gssCode,
      fromMonth,
      toMonth,
      fromIndex,
      toIndex,
      ratio,
      salesValueBefore: before,
      salesValueAfter: after,
    });
  }
  if (indexed.length === 0)
    return {
      ok: false,
      problem: `${options.sourceName} gives no London borough an index for both ${fromMonth} and ${toMonth} (its latest month is ${latest || 'none'})`,
    };
  const conversion = indexed.map((b) => `${b.gssCode} ${b.fromIndex} → ${b.toIndex} ×${b.ratio}`).join(', ');
  const source =
    `${sales.source}; indexed from ${fromMonth} (set ${base.id}'s base date ${options.fromDate}) to ${toMonth} by HM Land Registry UK House Price Index, ` +
    `file ${options.sourceName} (edition to ${latest}): ${conversion}` +
    (notIndexed.length > 0 ? `; not indexed (kept): ${notIndexed.join(', ')}` : '');
  return {
    ok: true,
    indexation: {
      candidate: {
        id: options.id,
        effectiveFrom: options.toDate,
        figures: { 'sales.value': { value, unit: sales.unit, source, provenance: sales.provenance } },
      },
      indexed,
      notIndexed,
    },
  };
}
