import { z } from 'zod';
import type { Figure } from './figure.js';
import type { ValuationAssumptionKey, ValuationAssumptions } from './valuation.js';

/**
 * A valuation assumption set supplied by a user: an id, an effective date and the figures to
 * change. Every figure keeps a source; keys the model does not know are refused; figures not
 * given are taken from the base set and listed, so nobody mistakes a default for a choice.
 */
const FigureSchema = z
  .object({
    /** Allowed so that a figure copied from `estates assumptions show --json` loads as it is. */
    key: z.string().optional(),
    value: z.unknown().refine((v) => v !== undefined, 'value is required'),
    unit: z.string().min(1),
    source: z.string().min(1, 'every figure needs its source (or "none: our assumption")'),
    provenance: z.enum(['sourced', 'sourced-secondary', 'assumption']),
  })
  .strict();

const SetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'id: 3–64 lower-case letters, digits, . _ -'),
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'effectiveFrom: yyyy-mm-dd'),
    figures: z.record(z.string(), FigureSchema),
  })
  .strict();

export type LoadedAssumptions =
  | { ok: true; set: ValuationAssumptions; takenFromBase: ValuationAssumptionKey[] }
  | { ok: false; problems: string[] };

export function mergeValuationAssumptions(base: ValuationAssumptions, candidate: unknown): LoadedAssumptions {
  const parsed = SetSchema.safeParse(candidate);
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`) };
  const known = new Set(Object.keys(base.figures));
  const unknown = Object.keys(parsed.data.figures).filter((k) => !known.has(k));
  if (unknown.length > 0)
    return {
      ok: false,
      problems: unknown.map((k) => `figures.${k}: not a valuation assumption (known: ${[...known].sort().join(', ')})`),
    };
  const problems: string[] = [];
  for (const [key, given] of Object.entries(parsed.data.figures)) {
    if (given.key !== undefined && given.key !== key)
      problems.push(`figures.${key}.key: says "${given.key}"; a figure's key must match where it stands`);
    const expected = (base.figures as unknown as Record<string, Figure<unknown>>)[key];
    if (expected === undefined) continue; // unknown keys were refused above
    if (typeof given.value !== typeof expected.value || Array.isArray(given.value) !== Array.isArray(expected.value)) {
      problems.push(
        `figures.${key}.value: expected ${Array.isArray(expected.value) ? 'a list' : typeof expected.value}, like the base set's`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const given = Object.fromEntries(
    Object.entries(parsed.data.figures).map(([key, { value, unit, source, provenance }]) => [
      key,
      { value, unit, source, provenance },
    ]),
  );
  const figures = { ...base.figures, ...given } as ValuationAssumptions['figures'];
  const takenFromBase = (Object.keys(base.figures) as ValuationAssumptionKey[])
    .filter((k) => !(k in parsed.data.figures))
    .sort();
  return { ok: true, set: { id: parsed.data.id, effectiveFrom: parsed.data.effectiveFrom, figures }, takenFromBase };
}
