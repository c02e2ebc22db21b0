import { activeValuationAssumptions, saveValuationAssumptions } from '../db/assumptions.js';
import type { Db, Executor } from '../db/connect.js';
import { addToOutbox } from '../db/outbox.js';
import { bumpEstateVersion } from '../db/pipeline.js';
import {
  assumptionSetFromTable,
  mergeValuationAssumptions,
  type AssumptionTableRow,
} from '../domain/assumptions/load.js';
import { assumptionSources, type AssumptionSource } from '../domain/assumptions/valuation.js';
import { EstatesError } from '../errors.js';
import { readAssumptionTable } from '../ingest/index.js';

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

const UTF8_BOM = '\uFEFF';

/** A problem of a tabular set, as a rejection report spells one. */
const line = (p: { row: number; field: string; code: string; message: string }): string =>
  `row ${p.row}: ${p.field}: ${p.code}: ${p.message}`;

/**
 * Adds a set from a file as users have it: the JSON `{ id, effectiveFrom, figures }` (with or without a byte-order
 * mark), or a table, CSV or any workbook, of figure, value, unit, borough, part, source and provenance
 * (docs/formats.md#assumptions) read through src/ingest's readers, whose id and effective date the caller gives.
 * A table with any rejected row is refused whole, every row's reasons listed: a set is coherent or not at all.
 */
export async function loadAssumptionFile(
  db: Db,
  file: { name: string; bytes: Uint8Array },
  set: { id?: string; effectiveFrom?: string },
  now: Date,
): Promise<AssumptionsLoaded> {
  const text = Buffer.from(file.bytes.subarray(0, 64)).toString('utf8').replace(UTF8_BOM, '').trimStart();
  if (text.startsWith('{')) {
    let candidate: unknown;
    try {
      candidate = JSON.parse(Buffer.from(file.bytes).toString('utf8').replace(UTF8_BOM, ''));
    } catch (e) {
      throw new EstatesError('bad_input', `${file.name} is not valid JSON: ${(e as Error).message}`);
    }
    return loadAssumptionSet(db, candidate, file.name, now);
  }
  if (!set.id || !set.effectiveFrom)
    throw new EstatesError(
      'bad_input',
      `${file.name} is a table of figures: give the set its --id and --effective-from (yyyy-mm-dd)`,
    );
  const rows: AssumptionTableRow[] = [];
  const rejected: string[] = [];
  for await (const outcome of readAssumptionTable(file.bytes, { filename: file.name })) {
    if (outcome.kind === 'rejected') rejected.push(...outcome.problems.map((p) => line({ row: outcome.row, ...p })));
    else rows.push({ row: outcome.row, ...outcome.record });
  }
  if (rejected.length > 0) throw refusal(file.name, rejected);
  const built = assumptionSetFromTable(await activeValuationAssumptions(db, now), rows, {
    id: set.id,
    effectiveFrom: set.effectiveFrom,
  });
  if (!built.ok) throw refusal(file.name, built.problems.map(line));
  return loadAssumptionSet(db, built.candidate, file.name, now);
}

const refusal = (name: string, problems: string[]): EstatesError =>
  new EstatesError('bad_input', `${name} is not a valid assumption set:\n  ${problems.join('\n  ')}`, {
    details: { problems },
  });
