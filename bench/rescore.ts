import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { currentEstateVersion } from '../src/db/pipeline.js';
import type { BenchDatabase } from './lib/estate-db.js';
import { WORK_DIR } from './lib/demo-files.js';
import { rankedVersion, seconds, until } from './lib/uploads.js';
import { REPO } from './lib/worker-processes.js';

export interface RescoreFigures {
  sites: number;
  workerProcesses: number;
  assumptionSetId: string;
  /** `estates assumptions load` started → the ranked list's run is for the bumped estate version, valued under the new set. */
  seconds: number;
  valued: number;
}

/**
 * Changes one figure (build contingency) with the real CLI and times until the ranked list
 * reflects it. The workers must already be running on `bench`.
 */
export async function benchRescore(
  bench: BenchDatabase,
  workerProcesses: number,
  contingencyPct: number,
): Promise<RescoreFigures> {
  const id = `bench-contingency-${contingencyPct}-${process.pid}`;
  const file = path.join(WORK_DIR, `${id}.json`);
  const today = new Date().toISOString().slice(0, 10);
  await writeFile(
    file,
    JSON.stringify({
      id,
      effectiveFrom: today,
      figures: {
        'build.contingency': {
          value: contingencyPct,
          unit: '% of build',
          source: 'none: our assumption (benchmark)',
          provenance: 'assumption',
        },
      },
    }),
  );
  const start = process.hrtime.bigint();
  const cli = spawnSync(process.execPath, [path.join(REPO, 'bin/estates.js'), 'assumptions', 'load', file, '--json'], {
    cwd: REPO,
    env: {
      ...process.env,
      DATABASE_URL: bench.config.DATABASE_URL,
      REDIS_URL: bench.config.REDIS_URL,
      QUEUE_PREFIX: bench.config.QUEUE_PREFIX,
      LOG_LEVEL: 'warn',
    },
    encoding: 'utf8',
  });
  if (cli.status !== 0) throw new Error(`estates assumptions load failed: ${cli.stderr}`);
  const bumped = await currentEstateVersion(bench.db);
  await until('the ranked list to reflect the new assumption set', async () => {
    if ((await rankedVersion(bench.db)) < bumped) return false;
    const valued = await sql<{
      assumption_set_id: string;
    }>`SELECT assumption_set_id FROM value_runs ORDER BY estate_version DESC LIMIT 1`.execute(bench.db);
    return valued.rows[0]?.assumption_set_id === id;
  });
  const took = seconds(start);
  const counts = await sql<{ sites: string; valued: string }>`
    SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM valuations WHERE assumption_set_id = ${id}) AS valued
  `.execute(bench.db);
  return {
    sites: Number(counts.rows[0]!.sites),
    workerProcesses,
    assumptionSetId: id,
    seconds: took,
    valued: Number(counts.rows[0]!.valued),
  };
}
