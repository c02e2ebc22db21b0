import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTypesFrom, type OpenApiDocument } from '../../../src/api/openapi-types.js';
import { startApiHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h?.close());

describe("the web UI's API types", () => {
  it("declare each route's answer from /api/openapi.json, keyed like the role table", async () => {
    const doc = (
      await h.app.inject({ url: '/api/openapi.json', headers: h.bearer('board') })
    ).json() as OpenApiDocument;
    const types = await apiTypesFrom(doc);
    expect(types).toMatch(/"GET \/api\/ranked": \{[\s\S]*?reasons: string\[\];/);
    expect(types).toMatch(/"GET \/api\/sites\/:id": \{/);
    // every documented JSON answer is declared once
    const declared = [...types.matchAll(/^ {2}"([A-Z]+ [^"]+)":/gm)].map((m) => m[1]);
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared.length).toBeGreaterThan(40);
  });
});
