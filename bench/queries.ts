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
export async function seedLandCases(
  bench: BenchDatabase,
): Promise<{ seeded: number; released: number; pipeline: number }> {
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
  return {
    seeded: Number(row.released) + Number(row.pipeline),
    released: Number(row.released),
    pipeline: Number(row.pipeline),
  };
}

export async function startServe(bench: BenchDatabase, port: number): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, [path.join(REPO, 'bin/estates.js'), 'serve', '--port', String(port)], {
    cwd: REPO,
    env: {
      ...process.env,
      DATABASE_URL: bench.config.DATABASE_URL,
      REDIS_URL: bench.config.REDIS_URL,
      QUEUE_PREFIX: bench.config.QUEUE_PREFIX,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
    },
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

/**
 * Where the load tests ask about: the 33 boroughs' codes, and points in every borough (three
 * each, placed by a fixed seed, so each run asks the same questions) plus the point near Camden's
 * centre the earlier figures used.
 */
export async function londonPlaces(
  bench: BenchDatabase,
): Promise<{ boroughs: string[]; points: Array<[number, number]> }> {
  const boroughs = (
    await sql<{ gss_code: string }>`SELECT gss_code FROM boroughs ORDER BY gss_code`.execute(bench.db)
  ).rows.map((r) => r.gss_code);
  const generated = await sql<{ lon: number; lat: number }>`
    SELECT round(ST_X(p)::numeric, 4)::float8 AS lon, round(ST_Y(p)::numeric, 4)::float8 AS lat
    FROM (SELECT gss_code, (ST_Dump(ST_Transform(ST_GeneratePoints(geom, 3, 2017), 4326))).geom AS p FROM boroughs) x
    ORDER BY gss_code, lon, lat
  `.execute(bench.db);
  return { boroughs, points: [[-0.1426, 51.539], ...generated.rows.map((r): [number, number] => [r.lon, r.lat])] };
}

/** The three read paths users hit most, 50 clients each for `durationSeconds`, against `estates serve` in its own process. */
export async function benchQueries(
  bench: BenchDatabase,
  options: { connections: number; durationSeconds: number; port: number },
  seeded: { seeded: number; released: number; pipeline: number },
): Promise<QueryFigures> {
  const account = await bench.db.transaction().execute((trx) => addUser(trx, `bench-board-${process.pid}`, 'board'));
  const headers = { authorization: `Bearer ${account.token}` };
  const stop = await startServe(bench, options.port);
  try {
    const base = `http://127.0.0.1:${options.port}`;
    const { boroughs, points } = await londonPlaces(bench);
    // The Board reads its list borough by borough and as a whole; housing teams look near places
    // all over London. Every request takes the next question in turn, so neither a cache nor the
    // buffer pool sees the same one URL 50 times at once.
    const targets = {
      ranked: {
        describe: '/api/ranked?limit=50&borough={each of the 33 boroughs, or none}',
        paths: [...boroughs.map((gss) => `/api/ranked?limit=50&borough=${gss}`), '/api/ranked?limit=50'],
      },
      landNear: {
        describe: `/api/land?near={${points.length} London points}&within=1000`,
        paths: points.map(([lon, lat]) => `/api/land?near=${lon},${lat}&within=1000`),
      },
      ogcBbox: {
        describe: `/ogc/collections/pipeline-land/items?bbox={0.03° × 0.02° boxes around the same ${points.length} points}&limit=100`,
        paths: points.map(
          ([lon, lat]) =>
            `/ogc/collections/pipeline-land/items?bbox=${[lon - 0.015, lat - 0.01, lon + 0.015, lat + 0.01].map((c) => c.toFixed(4)).join(',')}&limit=100`,
        ),
      },
    };
    // Every URL must answer 200 before it is timed. Asked by as many clients as the load test has,
    // which also opens the API's pool as a server that has been running has it open: a fresh
    // connection's first PostGIS query loads its catalogues (~100 ms), a cost of starting up.
    const checks = Object.values(targets).flatMap((target) => target.paths);
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        for (let url = checks.pop(); url !== undefined; url = checks.pop()) {
          const res = await fetch(`${base}${url}`, { headers });
          if (!res.ok) throw new Error(`bench: ${url} answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        }
      }),
    );
    const ranked = await loadTest(base, targets.ranked, headers, options.connections, options.durationSeconds);
    const landNear = await loadTest(base, targets.landNear, headers, options.connections, options.durationSeconds);
    const ogcBbox = await loadTest(base, targets.ogcBbox, headers, options.connections, options.durationSeconds);
    const sites = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM sites`.execute(bench.db)).rows[0]!.n);
    return {
      sites,
      casesSeeded: seeded.seeded,
      released: seeded.released,
      pipeline: seeded.pipeline,
      ranked,
      landNear,
      ogcBbox,
    };
  } finally {
    await stop();
  }
}
