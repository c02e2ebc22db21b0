import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCESS } from '../../src/api/access.js';

describe('docs/api.md', () => {
  it('lists every route of the role table, so the public interface is documented', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
    const missing = Object.keys(ACCESS).filter((route) => !doc.includes(`\`${route}\``));
    expect(missing).toEqual([]);
  });
});
