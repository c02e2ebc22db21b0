import { activeValuationAssumptions } from '../db/assumptions.js';
import type { Db } from '../db/connect.js';
import {
  indexSalesValues,
  latestMonth,
  type BoroughIndexation,
  type HousePriceIndexPoint,
} from '../domain/assumptions/house-price-index.js';
import { EstatesError } from '../errors.js';
import { readHousePriceIndex } from '../ingest/index.js';
import { loadAssumptionSet, type AssumptionsLoaded } from './assumptions.js';

export interface SalesValuesIndexed extends AssumptionsLoaded {
  fromDate: string;
  toDate: string;
  indexed: BoroughIndexation[];
  notIndexed: string[];
  read: number;
  accepted: number;
  rejectedByCode: Record<string, number>;
  /** Rejected rows other than `outside_london` (the file's other areas), as `row N: field: code: reason`. */
  problems: string[];
}

/** Problems listed; past this only counted, so a bad full file does not print 100,000 lines. */
const PROBLEMS_LISTED = 50;

/**
 * A new assumption set whose sales values are the set in force's, indexed by the UK HPI file from the set's base
 * date (its effective date, unless `from` is given) to the valuation date (`to`, else the file's latest month).
 * Added like any set (loadAssumptionSet): stored valuations are never rewritten, the estate is revalued.
 */
export async function indexSalesValuesByHpi(
  db: Db,
  file: { name: string; bytes: Uint8Array },
  options: { to?: string; from?: string; id?: string },
  now: Date,
): Promise<SalesValuesIndexed> {
  const base = await activeValuationAssumptions(db, now);
  const points: HousePriceIndexPoint[] = [];
  const rejectedByCode: Record<string, number> = {};
  const problems: string[] = [];
  let read = 0;
  for await (const outcome of readHousePriceIndex(file.bytes, { filename: file.name })) {
    read += 1;
    if (outcome.kind === 'accepted') {
      points.push(outcome.record);
      continue;
    }
    for (const p of outcome.problems) {
      rejectedByCode[p.code] = (rejectedByCode[p.code] ?? 0) + 1;
      if (p.code !== 'outside_london' && problems.length < PROBLEMS_LISTED)
        problems.push(`row ${outcome.row}: ${p.field}: ${p.code}: ${p.message}`);
    }
  }
  const latest = latestMonth(points);
  const toDate = options.to ?? (latest ? `${latest}-01` : '');
  const fromDate = options.from ?? base.effectiveFrom;
  for (const [name, date] of [
    ['--to', toDate],
    ['--from', fromDate],
  ] as const)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw new EstatesError('bad_input', `${name}: "${date}" is not a date (yyyy-mm-dd)`);
  const id = options.id ?? `${base.id}-hpi-${toDate.slice(0, 7)}`.toLowerCase();
  const built = indexSalesValues(base, points, { fromDate, toDate, id, sourceName: file.name });
  if (!built.ok) throw new EstatesError('bad_input', built.problem, { details: { rejectedByCode, problems } });
  const loaded = await loadAssumptionSet(db, built.indexation.candidate, file.name, now);
  return {
    ...loaded,
    fromDate,
    toDate,
    indexed: built.indexation.indexed,
    notIndexed: built.indexation.notIndexed,
    read,
    accepted: points.length,
    rejectedByCode,
    problems,
  };
}
