import { activeValuationAssumptions, saveValuationAssumptions } from '../db/assumptions.js';
import type { Db, Executor } from '../db/connect.js';
import { addToOutbox } from '../db/outbox.js';
import { bumpEstateVersion } from '../db/pipeline.js';
import { mergeValuationAssumptions } from '../domain/assumptions/load.js';
import { assumptionSources, type AssumptionSource } from '../domain/assumptions/valuation.js';
import { EstatesError } from '../errors.js';

/**
 * The valuation assumption set: the one in force, figure by figure with its source, and a new
 * set added. A new set never rewrites a stored valuation; it moves the estate version, so the
 * workers revalue and rank the estate under it. The CLI and the API both come here.
 */

export interface AssumptionSetView {
  id: string;
  effectiveFrom: string;
  figures: AssumptionSource[];
}

export async function assumptionsInForce(db: Executor, now: Date): Promise<AssumptionSetView> {
  const set = await activeValuationAssumptions(db, now);
  return { id: set.id, effectiveFrom: set.effectiveFrom, figures: assumptionSources(set) };
}

export interface AssumptionsLoaded {
  id: string;
  effectiveFrom: string;
  added: boolean;
  takenFromBase: string[];
  /** The estate version the revaluation runs for; null when the set was already stored. */
  estateVersion: number | null;
}

/** Adds a set read from `{ id, effectiveFrom, figures }`; `source` names the file or request in a refusal. */
export async function loadAssumptionSet(
  db: Db,
  candidate: unknown,
  source: string,
  now: Date,
): Promise<AssumptionsLoaded> {
  const loaded = mergeValuationAssumptions(await activeValuationAssumptions(db, now), candidate);
  if (!loaded.ok)
    throw new EstatesError('bad_input', `${source} is not a valid assumption set:\n  ${loaded.problems.join('\n  ')}`, {
      details: { problems: loaded.problems },
    });
  const { set, takenFromBase } = loaded;
  return db.transaction().execute(async (trx) => {
    const added = await saveValuationAssumptions(trx, set);
    const estateVersion = added ? await bumpEstateVersion(trx) : null;
    if (estateVersion !== null) await addToOutbox(trx, 'score', { estateVersion });
    return { id: set.id, effectiveFrom: set.effectiveFrom, added, takenFromBase, estateVersion };
  });
}
