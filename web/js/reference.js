// @ts-check
import { api } from './api.js';

/** Borough outlines are fetched once per page load and shared by every page that needs them. */
/** @type {Promise<any> | null} */
let outlines = null;

export function boroughOutlines() {
  outlines ??= api('/api/map/boroughs').catch((e) => {
    outlines = null;
    throw e;
  });
  return outlines;
}

/** Boroughs by name, for filter lists. */
export async function boroughs() {
  const collection = await boroughOutlines();
  return collection.features
    .map((f) => f.properties)
    .sort((a, b) => a.boroughName.localeCompare(b.boroughName, 'en-GB'));
}
