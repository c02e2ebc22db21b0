import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTypesFrom, type OpenApiDocument } from '../../../src/api/openapi-types.js';
import { REPO_ROOT } from '../../../src/app-context.js';
import { startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

describe('web/api-types.d.ts', () => {
  it('is what the API serves as /api/openapi.json says today (npm run api-types writes it)', async () => {
    const doc = (
      await h.app.inject({ url: '/api/openapi.json', headers: h.bearer('board') })
    ).json() as OpenApiDocument;
    const generated = await apiTypesFrom(doc);
    const committed = await readFile(path.join(REPO_ROOT, 'web/api-types.d.ts'), 'utf8');
    expect(committed, 'web/api-types.d.ts differs from the API: run `npm run api-types` and commit it').toBe(generated);
    expect(generated).toContain('"GET /api/ranked": {');
    expect(generated).toMatch(/"GET \/api\/ranked": \{[\s\S]*?reasons: string\[\];/);
  });
});
