import { createHash } from 'node:crypto';
import type { BngPoint, SiteRecord } from '../domain/records.js';

/** What a site's hash covers: its record as the source gave it, where it was placed, and its borough. */
export interface HashedSite {
  record: SiteRecord;
  point: BngPoint;
  boroughGss: string;
}

/** An object shape's keys in the order they came, in sorted order, and each sorted key written as `"key":`. */
interface KeyOrder {
  keys: string[];
  sorted: string[];
  written: string[];
}

// Records of one source share one shape, so the sorted order is looked up among the few shapes
// seen lately, not sorted again (sorting and quoting keys was most of canonicalJson's time: 0.9 s
// a 100,000-row register).
const RECENT_SHAPES = 16;
const recentKeyOrders: KeyOrder[] = [];

function keyOrderOf(keys: string[]): KeyOrder {
  for (const known of recentKeyOrders) if (sameKeys(known.keys, keys)) return known;
  const sorted = [...keys].sort();
  const order = { keys, sorted, written: sorted.map((k) => `${JSON.stringify(k)}:`) };
  if (recentKeyOrders.length >= RECENT_SHAPES) recentKeyOrders.pop();
  recentKeyOrders.unshift(order);
  return order;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Key order fixed, so the same record always hashes the same. The text must stay byte-for-byte
 * what it was, or every stored site would look changed on its next upload
 * (test/unit/record-hash.test.ts pins it against the first form, for any JSON value).
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const { sorted, written } = keyOrderOf(Object.keys(value));
  let out = '{';
  for (let i = 0; i < sorted.length; i++) {
    out += `${i === 0 ? '' : ','}${written[i] as string}${canonicalJson((value as Record<string, unknown>)[sorted[i] as string])}`;
  }
  return `${out}}`;
}

/**
 * The hash that tells a changed site from an unchanged one: of canonicalJson({ record, point,
 * borough }), written here from the record's own canonical text so that text is made once and
 * also stored (jsonb keeps no key order, so it is the same record).
 */
export function recordSha256(site: HashedSite, recordJson = canonicalJson(site.record)): string {
  const text = `{"borough":${JSON.stringify(site.boroughGss)},"point":${canonicalJson(site.point)},"record":${recordJson}}`;
  return createHash('sha256').update(text).digest('hex');
}
