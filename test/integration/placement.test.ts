import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boroughsAt, boroughsAtUsing, loadBoroughGrid, type BoroughGrid } from '../../src/db/placement.js';
import type { BngPoint } from '../../src/domain/records.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let t: TestDatabase;
let grid: BoroughGrid;
let vertices: BngPoint[];
beforeAll(async () => {
  t = await createTestDatabase();
  grid = await loadBoroughGrid(t.db);
  // Points on the boundaries themselves, where the in-memory test and PostGIS are most likely to part.
  const result = await sql<{ e: number; n: number }>`
    SELECT ST_X(p.geom) AS e, ST_Y(p.geom) AS n FROM boroughs, ST_DumpPoints(geom) p WHERE p.path[3] % 97 = 0
  `.execute(t.db);
  vertices = result.rows.map((r) => ({ eastingM: r.e, northingM: r.n }));
});
afterAll(async () => {
  await t.drop();
});

describe('placing points in boroughs in memory, PostGIS for the boundary cases', () => {
  it('gives exactly the answers of the PostGIS query across and around London', async () => {
    // Greater London's grid extent with a margin, so points outside London are tried too.
    const anywhere = fc.record({
      eastingM: fc.double({ min: 500_000, max: 565_000, noNaN: true }),
      northingM: fc.double({ min: 150_000, max: 205_000, noNaN: true }),
    });
    const nearBoundary = fc
      .tuple(
        fc.constantFrom(...vertices),
        fc.double({ min: -150, max: 150, noNaN: true }),
        fc.double({ min: -150, max: 150, noNaN: true }),
      )
      .map(([v, de, dn]) => ({ eastingM: v.eastingM + de, northingM: v.northingM + dn }));
    const points = [
      ...fc.sample(anywhere, { numRuns: 3_000, seed: 2017 }),
      ...fc.sample(nearBoundary, { numRuns: 2_000, seed: 2017 }),
      ...vertices,
    ];
    const [inMemory, postgis] = await Promise.all([boroughsAtUsing(t.db, grid, points), boroughsAt(t.db, points)]);
    expect(inMemory).toEqual(postgis);
    // The sample reaches every case: inside, the tolerance band, and outside London.
    expect(postgis.some((h) => h && !h.nearestWithinTolerance)).toBe(true);
    expect(postgis.some((h) => h?.nearestWithinTolerance)).toBe(true);
    expect(postgis.some((h) => h === null)).toBe(true);
    // and the Thames: in no borough, but inside Greater London's extent (migration 0420)
    expect(postgis.some((h) => h?.placedInWater)).toBe(true);
  });
});
