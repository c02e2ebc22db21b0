import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_BENCHMARKS, runBenchmarks, type BenchName } from './run.js';
import { formatTable } from './table.js';
import { REPO } from './lib/worker-processes.js';

/** `npm run bench [-- --only ingest,queries --sizes 10000,30000,100000 --rows 100000 --duration 10]` */
const { values } = parseArgs({
  options: {
    only: { type: 'string', default: ALL_BENCHMARKS.join(',') },
    rows: { type: 'string', default: '100000' },
    sizes: { type: 'string', default: '10000,30000,100000' },
    parts: { type: 'string', default: '4' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    port: { type: 'string', default: '3917' },
    out: { type: 'string', default: path.join(REPO, 'bench/results.json') },
  },
});
const only = values.only.split(',').map((s) => s.trim()) as BenchName[];
const unknown = only.filter((o) => !ALL_BENCHMARKS.includes(o));
if (unknown.length) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}; choose from ${ALL_BENCHMARKS.join(', ')}\n`);
  process.exit(2);
}
const results = await runBenchmarks(
  {
    only,
    ingestRows: Number(values.rows),
    sizes: values.sizes.split(',').map(Number),
    scaleOutParts: Number(values.parts),
    connections: Number(values.connections),
    durationSeconds: Number(values.duration),
    port: Number(values.port),
    tag: process.env.BENCH_TAG ?? 'run',
  },
  (line) => process.stderr.write(`bench: ${line}\n`),
);
await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${formatTable(results)}\n\nwritten ${path.relative(process.cwd(), values.out)}\n`);
process.exit(0);
