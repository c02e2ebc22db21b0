import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A clone is the whole project: nothing outside the checkout is read at run or test time. The team's machines
 * have a sibling folder of shared notes and data; a user's clone has not, so only docs may mention it.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SIBLING = ['..', 'shared'].join('/');
const NOT_OURS = new Set(['node_modules', '.git', '.data', 'test-output', 'coverage', 'dist']);
const isDoc = (name: string): boolean => name.endsWith('.md') || name.startsWith('docs/');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (NOT_OURS.has(entry)) return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full);
    return [path.relative(ROOT, full).split(path.sep).join('/')];
  });
}

describe('a self-contained checkout', () => {
  it(`has no file but docs that refers to ${SIBLING}`, () => {
    const offenders = files(ROOT).filter((name) => {
      if (isDoc(name) || name.endsWith('.gz')) return false;
      return readFileSync(path.join(ROOT, name), 'latin1').includes(SIBLING);
    });
    expect(offenders).toEqual([]);
  });
});
