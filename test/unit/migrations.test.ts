import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';

describe('migrations index', () => {
  it('lists every migration file in the folder, in order', () => {
    const files = readdirSync(path.resolve(import.meta.dirname, '../../migrations'))
      .filter((f) => /^\d{4}_[a-z0-9_]+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });
});
