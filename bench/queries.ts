import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { LAND_STAGES } from '../src/db/land.js';
import { addUser } from '../src/db/users.js';
import type { BenchDatabase } from './lib/estate-db.js';
import { loadTest, type LoadFigures } from './lib/load.js';
import { REPO } from './lib/worker-processes.js';

export interface QueryFigures {
  sites: number;
  casesSeeded: number;
  released: number;
  pipeline: number;
  ranked: LoadFigures;
  landNear: LoadFigures;
  ogcBbox: LoadFigures;
}

/**
 * Gives every 20th site a case: a quarter completed (released land), the rest open at a stage
 * the land query counts as pipeline. Written straight into `cases`: the land and OGC queries
 * read only the latest case's stage, not its event chain.
 */
export async function seedLandCases(bench: BenchDatabase): Promise<{ seeded: number; released: number; pipeline: number }> {
  const pipelineStages = [...LAND_STAGES.pipeline];
  const result = await sql<{ released: string; pipeline: string }>`
    WITH picked AS (
      SELECT id, row_number() OVER (ORDER BY id) AS n FROM sites WHERE id % 20 = 0
    ), inserted AS (
      INSERT INTO cases (site_id, stage, opened_at, closed_at)
      SELECT id,
             CASE WHEN n % 4 = 0 THEN 'completed' ELSE (${pipelineStages}::text[])[1 + (n % ${pipelineStages.length})] END,
             now() - (n % 700) * interval '1 day',
             CASE WHEN n % 4 = 0 THEN now() - (n % 30) * interval '1 day' END
      FROM picked
      RETURNING stage
    )
    SELECT count(*) FILTER (WHERE stage = 'completed') AS released, count(*) FILTER (WHERE stage <> 'completed') AS pipeline FROM inserted
  `.execute(bench.db);
  await sql`ANALYZE cases, sites, valuations`.execute(bench.db);
  const row = result.rows[0]!;
  return { seeded: Number(row.released) + Number(row.pipeline), released: Number(row.released), pipeline: Number(row.pipeline) };
}

async function startServe(bench: BenchDatabase, port: number): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, [path.join(REPO, 'bin/estates.js'), 'serve', '--port', String(port)], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: bench.config.DATABASE_URL, REDIS_URL: bench.config.REDIS_URL, QUEUE_PREFIX: bench.config.QUEUE_PREFIX, LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('bench: the API did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
}

/** The three read paths users hit most, 50 clients each for `durationSeconds`, against `estates serve` in its own process. */
export async function benchQueries(bench: BenchDatabase, options: { connections: number; durationSeconds: number; port: number }): Promise<QueryFigures> {
  const seeded = await seedLandCases(bench);
  const account = await bench.db.transaction().execute((trx) => addUser(trx, `bench-board-${process.pid}`, 'board'));
  const headers = { authorization: `Bearer ${account.token}` };
  const stop = await startServe(bench, options.port);
  try {
    const base = `http://127.0.0.1:${options.port}`;
    // A busy inner borough (Camden) and a point near its centre; a 2 km box around the same point for OGC.
    const check = async (url: string): Promise<void> => {
      const res = await fetch(url, { headers });
      if (!res.ok) throw new Error(`bench: ${url} answered ${res.status}: ${await res.text()}`);
    };
    const urls = {
      ranked: `${base}/api/ranked?limit=50&borough=E09000007`,
      landNear: `${base}/api/land?near=-0.1426,51.5390&within=1000`,
      ogcBbox: `${base}/ogc/collections/pipeline-land/items?bbox=-0.16,51.53,-0.13,51.55&limit=100`,
    };
    for (const url of Object.values(urls)) await check(url);
    const ranked = await loadTest(urls.ranked, headers, options.connections, options.durationSeconds);
    const landNear = await loadTest(urls.landNear, headers, options.connections, options.durationSeconds);
    const ogcBbox = await loadTest(urls.ogcBbox, headers, options.connections, options.durationSeconds);
    const sites = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM sites`.execute(bench.db)).rows[0]!.n);
    return { sites, casesSeeded: seeded.seeded, released: seeded.released, pipeline: seeded.pipeline, ranked, landNear, ogcBbox };
  } finally {
    await stop();
  }
}
