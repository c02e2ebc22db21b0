import type { ValuationAssumptions } from './assumptions/valuation.js';
import { VALUATION_MODEL_VERSION, valueSite, type Valuation, type ValuationInput } from './valuation.js';

/**
 * What a stored valuation keeps: every figure and flag, and the exact input it was computed
 * from, but not the working lines or the sensitivity grid. A valuation is a pure function of its
 * input, its assumption set (never rewritten) and its model version, so both are derived again
 * when someone opens it. Storing the lines cost ~11 KB of text per site per run (each line
 * repeats its assumption's source): at 100,000 sites, a gigabyte a revaluation and most of the
 * value step's time; the grid's nine cells were then three quarters of PostgreSQL's work
 * (20,000 rows: 1.85 s of CPU with the grid, 0.5 s without).
 */
export type StoredValuation = Omit<Valuation, 'working' | 'sensitivity'> & { input: ValuationInput };

/** A valuation stored before inputs were kept carries its working lines instead. */
type LegacyStoredValuation = Valuation;

export function valuationToStore(valuation: Valuation, input: ValuationInput): StoredValuation {
  const { working: _linesDerivedOnRead, sensitivity: _gridDerivedOnRead, ...figures } = valuation;
  return { ...figures, input };
}

/** Figures a re-derivation must reproduce exactly, or the stored valuation is not what this code computes. */
const CHECKED = [
  'homes',
  'affordableHomes',
  'giaM2',
  'gdvPence',
  'euvPence',
  'residualPence',
  'marketValuePence',
  'netReceiptPence',
  'basis',
] as const;

export interface RestoredValuation {
  valuation: Valuation;
  /** Null when the working was re-derived and matches; otherwise why the working lines and sensitivity grid are missing. */
  workingUnavailable: string | null;
}

/**
 * The stored valuation with its working lines and sensitivity grid, re-derived under the set it
 * names. Stored figures always win: when this build's model differs, or the re-derivation
 * disagrees, the figures are returned as stored with no lines or grid, and the reason.
 */
export function restoreValuation(
  stored: StoredValuation | LegacyStoredValuation,
  assumptions: ValuationAssumptions | null,
): RestoredValuation {
  if (!('input' in stored)) return { valuation: stored, workingUnavailable: null };
  const { input, ...figures } = stored;
  const asStored = (reason: string): RestoredValuation => ({
    valuation: { ...figures, working: [], sensitivity: [] },
    workingUnavailable: reason,
  });
  if (stored.modelVersion !== VALUATION_MODEL_VERSION) {
    return asStored(
      `valued under model ${stored.modelVersion}; this build computes ${VALUATION_MODEL_VERSION}, so its working is not re-derived`,
    );
  }
  if (!assumptions || assumptions.id !== stored.assumptionSetId)
    return asStored(`assumption set ${stored.assumptionSetId} is not loaded`);
  const derived = valueSite(input, assumptions);
  const differing = CHECKED.filter((key) => derived[key] !== stored[key]);
  if (differing.length > 0) return asStored(`re-deriving the working gave different ${differing.join(', ')}`);
  return {
    valuation: { ...figures, working: derived.working, sensitivity: derived.sensitivity },
    workingUnavailable: null,
  };
}
