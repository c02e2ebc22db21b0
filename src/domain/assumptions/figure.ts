/**
 * A default figure with the publication it comes from. Every land value, cost, density,
 * threshold and duration the product uses is one of these, kept under src/domain/assumptions/.
 */
export type Provenance = 'sourced' | 'sourced-secondary' | 'assumption';

export interface Figure<V = number> {
  value: V;
  unit: string;
  /** The publication (title, publisher, date, table or paragraph), or "none" for our own assumption. */
  source: string;
  provenance: Provenance;
}

export const figure = <V>(value: V, unit: string, source: string, provenance: Provenance): Figure<V> => ({
  value,
  unit,
  source,
  provenance,
});

/** A fresh copy of the figures' values each time, so a caller that edits its set cannot change the published figures. */
export const valuesOf = <T>(figures: { [K in keyof T]: Figure<T[K]> }): T =>
  structuredClone(
    Object.fromEntries(Object.entries(figures).map(([key, f]) => [key, (f as Figure<unknown>).value])),
  ) as T;
