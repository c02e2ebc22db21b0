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

/**
 * A table row as the set is built from it (src/ingest/assumptions.ts reads the file): a figure's key, its value,
 * and where it varies the borough (GSS code) and the part (EUV use, MCIL band).
 */
export interface AssumptionTableRow {
  row: number;
  figure: string;
  value: number;
  unit: string | null;
  borough: string | null;
  part: string | null;
  source: string;
  provenance: Figure['provenance'] | null;
}

export interface AssumptionTableProblem {
  row: number;
  field: string;
  code: 'bad_value' | 'missing_required';
  message: string;
}

type Value = number | { [key: string]: Value };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A set `{ id, effectiveFrom, figures }` from table rows, for mergeValuationAssumptions to check like any other.
 * A figure that varies (by borough, by part: sales values per borough, EUV rates per borough and use) takes one
 * row per entry; entries not given keep the set in force's values. A unit, when given, must be the model's; the
 * rows' sources are kept, each once. A problem names the row and the column.
 */
export function assumptionSetFromTable(
  base: ValuationAssumptions,
  rows: readonly AssumptionTableRow[],
  set: { id: string; effectiveFrom: string },
): { ok: true; candidate: unknown } | { ok: false; problems: AssumptionTableProblem[] } {
  const baseFigures = base.figures as unknown as Record<string, Figure<unknown>>;
  const problems: AssumptionTableProblem[] = [];
  const built = new Map<string, { value: Value; unit: string; sources: string[]; provenance: Figure['provenance'] }>();
  for (const r of rows) {
    const expected = baseFigures[r.figure];
    if (expected === undefined) {
      problems.push({
        row: r.row,
        field: 'Figure',
        code: 'bad_value',
        message: `"${r.figure}" is not a valuation assumption (estates assumptions show lists them)`,
      });
      continue;
    }
    const path = [r.borough, r.part].filter((p): p is string => p !== null);
    const entry = built.get(r.figure) ?? {
      value: structuredClone(expected.value) as Value,
      unit: expected.unit,
      sources: [],
      provenance: r.provenance ?? 'assumption',
    };
    // a unit other than the model's is a value in other terms (pounds for pence): refused, never converted
    if (r.unit !== null && r.unit !== expected.unit) {
      problems.push({
        row: r.row,
        field: 'Unit',
        code: 'bad_value',
        message: `${r.figure} is in ${expected.unit} (estates assumptions show), not ${r.unit}`,
      });
      continue;
    }
    const placed = placeValue(entry, path, r.value);
    if (placed !== null) {
      problems.push({
        row: r.row,
        field: path.length > 0 ? 'Borough' : 'Figure',
        code: 'bad_value',
        message: `${r.figure} ${placed}`,
      });
      continue;
    }
    if (!entry.sources.includes(r.source)) entry.sources.push(r.source);
    built.set(r.figure, entry);
  }
  if (problems.length > 0) return { ok: false, problems };
  const figures = Object.fromEntries(
    [...built].map(([key, e]) => [
      key,
      { value: e.value, unit: e.unit, source: e.sources.join('; '), provenance: e.provenance },
    ]),
  );
  return { ok: true, candidate: { id: set.id, effectiveFrom: set.effectiveFrom, figures } };
}

/**
 * Puts a number at `path` in a figure's value: a plain figure takes no path, a figure that varies takes one key
 * per level. Returns why not, or null when placed.
 */
function placeValue(entry: { value: Value }, path: readonly string[], number: number): string | null {
  if (!isRecord(entry.value)) {
    if (path.length > 0) return 'does not vary by borough or part: leave Borough and Part blank';
    entry.value = number;
    return null;
  }
  if (path.length === 0) return 'varies (by borough or part): give one row per Borough (and Part)';
  let at: Record<string, Value> = entry.value;
  for (const [i, key] of path.entries()) {
    const next = at[key];
    if (i === path.length - 1) {
      if (isRecord(next)) return `varies within ${key} too: give its Part`;
      at[key] = number;
      return null;
    }
    if (next === undefined) at[key] = {};
    else if (!isRecord(next)) return `does not vary by part within ${key}: leave Part blank`;
    at = at[key] as Record<string, Value>;
  }
  return null;
}
