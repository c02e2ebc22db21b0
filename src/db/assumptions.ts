import { DEFAULT_VALUATION_ASSUMPTIONS, type ValuationAssumptions } from '../domain/assumptions/valuation.js';
import type { Executor } from './connect.js';

/**
 * The valuation assumption set in force: the most recently loaded set whose effective date
 * has come, else the defaults that ship with the product (DOMAIN.md §5, set v1).
 */
export async function activeValuationAssumptions(db: Executor, asOf: Date): Promise<ValuationAssumptions> {
  const row = await db
    .selectFrom('assumption_sets')
    .select(['id', 'effective_from', 'body'])
    .where('kind', '=', 'valuation')
    .where('effective_from', '<=', asOf)
    .orderBy('effective_from', 'desc')
    .orderBy('loaded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return DEFAULT_VALUATION_ASSUMPTIONS;
  return row.body as unknown as ValuationAssumptions;
}

/** A new set is added, never written over: stored valuations keep naming the set they used. */
export async function saveValuationAssumptions(trx: Executor, set: ValuationAssumptions): Promise<boolean> {
  const inserted = await trx
    .insertInto('assumption_sets')
    .values({ id: set.id, kind: 'valuation', effective_from: set.effectiveFrom, body: JSON.stringify(set) })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** A set by its id: stored valuations name theirs, and their working is re-derived under it. */
export async function valuationAssumptionsById(db: Executor, id: string): Promise<ValuationAssumptions | null> {
  if (id === DEFAULT_VALUATION_ASSUMPTIONS.id) return DEFAULT_VALUATION_ASSUMPTIONS;
  const row = await db
    .selectFrom('assumption_sets')
    .select('body')
    .where('kind', '=', 'valuation')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (row.body as unknown as ValuationAssumptions) : null;
}
