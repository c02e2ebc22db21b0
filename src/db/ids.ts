/** The largest value PostgreSQL's int4 (our serial ids) holds. */
export const INT4_MAX = 2_147_483_647;

/**
 * The id a text names, if it could be one of ours: digits, 1 to int4. Past int4 PostgreSQL
 * refuses the comparison outright (22003, a 500), though the answer is simply "no such row".
 */
export function storedId(text: string): number | null {
  if (!/^[0-9]{1,10}$/.test(text)) return null;
  const id = Number(text);
  return id >= 1 && id <= INT4_MAX ? id : null;
}
