/**
 * A UK postcode's shape: outward code A9, A99, AA9, AA99, A9A or AA9A, then inward code 9AA. Shape only: a
 * well-formed postcode that was never issued still passes, and the postcode directory decides whether it exists.
 */
const POSTCODE_SHAPE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;
/** The Girobank postcode, the one issued code that breaks the pattern. */
const GIROBANK = 'GIR0AA';

/** Upper case with every space removed: the join key, whichever spacing the source used. */
export function postcodeKey(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** "e16an", "E1  6AN" → "E1 6AN": outward and inward code split by one space; null if not a postcode's shape. */
export function normalisePostcode(text: string): string | null {
  const key = postcodeKey(text);
  if (key === GIROBANK) return 'GIR 0AA';
  const match = POSTCODE_SHAPE.exec(key);
  return match ? `${match[1]} ${match[2]}` : null;
}
