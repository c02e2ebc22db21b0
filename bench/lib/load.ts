import { createRequire } from 'node:module';

/** The slice of autocannon's API the query benchmark uses (the package ships no types). */
interface AutocannonResult {
  requests: { total: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void,
  ): void;
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadFigures {
  /** The URL asked for, with `{…}` naming the part that varies from request to request. */
  url: string;
  /** How many different URLs the clients took turns over. */
  variants: number;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * A bounded run (duration seconds, loopback only) with every response's latency kept, so p95 is
 * exact. Each request takes the next of `paths` in turn across all clients, so a response cache
 * sees the spread of questions users ask, not one URL asked 50 times at once.
 */
export function loadTest(
  base: string,
  target: { describe: string; paths: readonly string[] },
  headers: Record<string, string>,
  connections: number,
  durationSeconds: number,
): Promise<LoadFigures> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(base))
    throw new Error(`bench: load tests only target loopback, not ${base}`);
  if (target.paths.length === 0) throw new Error('bench: a load test needs at least one path');
  const latencies: number[] = [];
  let turn = 0;
  const nextPath = (): string => target.paths[turn++ % target.paths.length]!;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        headers,
        connections,
        duration: durationSeconds,
        pipelining: 1,
        requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: nextPath() }) }],
      },
      (err, result) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        resolve({
          url: `${base}${target.describe}`,
          variants: target.paths.length,
          connections,
          durationSeconds,
          requests: latencies.length,
          requestsPerSecond: latencies.length / durationSeconds,
          p50Ms: percentile(latencies, 50),
          p95Ms: percentile(latencies, 95),
          p99Ms: percentile(latencies, 99),
          maxMs: latencies[latencies.length - 1] ?? NaN,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}
