import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { LAND_STAGES } from '../src/db/land.js';
import { addUser } from '../src/db/users.js';
import type { BenchDatabase } from './lib/estate-db.js';
import { percentile } from './lib/load.js';
import { REPO } from './lib/worker-processes.js';
import { startServe } from './queries.js';

const run = promisify(execFile);

/**
 * Our OGC API – Features beside MapServer 8's, on the same pipeline land in the same database:
 * MapServer reads a PostGIS view that is our land query (same rows, same properties), served as
 * FastCGI behind Debian's lighttpd (how MapServer is deployed; plain CGI would start a process per
 * request). Both get the same requests, one at a time, alternating; the features each returns must
 * be the same sites. Then GDAL's OAPIF driver reads each whole, as QGIS would.
 */

/** One kind of request, written for each server. Filter requests (CQL2) join this list when our routes take them. */
interface Comparison {
  name: string;
  describe: string;
  requests(points: Array<[number, number]>): Array<{ ours: string; mapserver: string }>;
}

const BOX_DEGREES: [number, number] = [0.03, 0.02];
const PAGE = 1000;

export const COMPARISONS: Comparison[] = [
  {
    name: 'bbox',
    describe: `pipeline land in a ${BOX_DEGREES[0]}° × ${BOX_DEGREES[1]}° box around each London point, up to ${PAGE} features`,
    requests: (points) =>
      points.map(([lon, lat]) => {
        const bbox = [
          lon - BOX_DEGREES[0] / 2,
          lat - BOX_DEGREES[1] / 2,
          lon + BOX_DEGREES[0] / 2,
          lat + BOX_DEGREES[1] / 2,
        ]
          .map((c) => c.toFixed(4))
          .join(',');
        return {
          ours: `/ogc/collections/pipeline-land/items?bbox=${bbox}&limit=${PAGE}`,
          mapserver: `/mapserv/ESTATES/ogcapi/collections/pipeline_land/items?f=json&bbox=${bbox}&limit=${PAGE}`,
        };
      }),
  },
];

export interface PassFigures {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Response bodies over all requests of the pass. */
  totalBytes: number;
  features: number;
}

export interface OgrinfoFigures {
  /** Features GDAL's OAPIF driver read from the whole collection (1,000 a page), and the seconds it took (null if it failed). */
  features: number | null;
  /** Different sites among them: fewer than features when pages overlap. */
  distinctSites: number | null;
  seconds: number | null;
  error: string | null;
}

export interface ComparisonFigures {
  name: string;
  describe: string;
  requests: number;
  /** Requests where both servers returned exactly the same sites. */
  matching: number;
  mismatches: Array<{ request: string; ours: number; mapserver: number }>;
  /** First: each request new to both (our answer cache misses). Repeated: the same requests again (ours hits it). */
  ours: { first: PassFigures; repeated: PassFigures };
  mapserver: { first: PassFigures; repeated: PassFigures };
}

export interface MapServerFigures {
  mapserverVersion: string;
  pipelineSites: number;
  comparisons: ComparisonFigures[];
  ogrinfo: { ours: OgrinfoFigures; mapserver: OgrinfoFigures };
}

/** MapServer, its FastCGI host and GDAL from Debian's packages, installed through scripts/apt.sh when missing. */
async function ensureTools(): Promise<void> {
  const missing: string[] = [];
  const has = async (command: string): Promise<boolean> =>
    run('sh', ['-c', `command -v ${command}`]).then(
      () => true,
      () => false,
    );
  if (!(await has('mapserv'))) missing.push('cgi-mapserver', 'mapserver-bin');
  if (!(await has('lighttpd'))) missing.push('lighttpd');
  if (!(await has('ogrinfo'))) missing.push('gdal-bin');
  if (missing.length === 0) return;
  await run('bash', ['-c', `. scripts/apt.sh && apt_install ${missing.join(' ')}`], { cwd: REPO, timeout: 600_000 });
}

/** The land query's pipeline set as a view: our /ogc items' rows and properties, for MapServer to read. */
async function createPipelineView(bench: BenchDatabase): Promise<number> {
  const stages = sql.join(LAND_STAGES.pipeline.map((s) => sql.lit(s)));
  await sql`
    CREATE OR REPLACE VIEW bench_pipeline_land AS
    SELECT s.id AS "siteId", s.source, s.source_ref AS "sourceRef", s.name, s.address, s.postcode,
           s.borough_gss AS borough, b.name AS "boroughName", s.sub_region AS "subRegion", 'pipeline'::text AS status,
           c.stage, c.id AS "caseId", to_char(c.opened_at, 'YYYY-MM-DD') AS "caseOpenedOn",
           s.site_area_ha::float8 AS "siteAreaHa", v.homes, to_char(s.updated_at, 'YYYY-MM-DD') AS "updatedOn", s.geom
    FROM sites s
    JOIN LATERAL (SELECT id, stage, closed_at, opened_at FROM cases WHERE site_id = s.id ORDER BY opened_at DESC, id DESC LIMIT 1) c ON true
    LEFT JOIN boroughs b ON b.gss_code = s.borough_gss
    LEFT JOIN LATERAL (SELECT homes FROM valuations WHERE site_id = s.id ORDER BY id DESC LIMIT 1) v ON true
    WHERE c.closed_at IS NULL AND c.stage IN (${stages})
    -- MapServer pages with LIMIT and OFFSET on this view and no order of its own: without one, a
    -- parallel scan returns rows in a different order each time and the pages overlap.
    ORDER BY s.id`.execute(bench.db);
  const count = await sql<{ n: string }>`SELECT count(*) AS n FROM bench_pipeline_land`.execute(bench.db);
  return Number(count.rows[0]?.n ?? 0);
}

/**
 * MapServer reads the land as our API's housing user does: row-level security (migration 0510)
 * shows a connection that names no actor nothing, so its connection says who it reads for.
 */
const asHousing = (databaseUrl: string): string =>
  `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c estates.actor=housing')}`;

const mapfile = (databaseUrl: string, base: string, dir: string): string => `MAP
  NAME "estates"
  EXTENT -0.6 51.2 0.4 51.8
  PROJECTION "init=epsg:4326" END
  WEB
    METADATA
      "oga_enable_request" "*"
      "oga_onlineresource" "${base}/mapserv/ESTATES/ogcapi"
      "oga_html_template_directory" "/usr/share/mapserver/ogcapi/templates/html-plain/"
      "ows_title" "London Estates pipeline land (MapServer)"
      "ows_srs" "EPSG:4326 EPSG:27700"
    END
  END
  LAYER
    NAME "pipeline_land"
    TYPE POINT
    STATUS ON
    CONNECTIONTYPE POSTGIS
    CONNECTION "${asHousing(databaseUrl)}"
    DATA 'geom FROM bench_pipeline_land USING UNIQUE siteId USING SRID=27700'
    PROCESSING "CLOSE_CONNECTION=DEFER"
    PROJECTION "init=epsg:27700" END
    EXTENT -0.6 51.2 0.4 51.8
    TEMPLATE "${dir}/unused.html"
    METADATA
      "ows_title" "NHS land in the disposal pipeline"
      "ows_extent" "-0.6 51.2 0.4 51.8"
      "gml_include_items" "all"
      "gml_exclude_items" "geom"
      "gml_featureid" "siteId"
      "gml_types" "auto"
      "oga_max_limit" "10000"
    END
  END
END
`;

async function waitFor(url: string, what: string, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
      if (Date.now() > deadline) throw new Error(`bench: ${what} answered ${res.status}: ${await res.text()}`);
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`bench: ${what} did not answer within 30 s`, { cause: e });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startMapServer(bench: BenchDatabase, port: number, dir: string): Promise<() => Promise<void>> {
  const base = `http://127.0.0.1:${port}`;
  await writeFile(path.join(dir, 'unused.html'), '<!-- MapServer template: makes the layer queryable -->\n');
  await writeFile(path.join(dir, 'estates.map'), mapfile(bench.url, base, dir));
  await writeFile(
    path.join(dir, 'mapserver.conf'),
    `CONFIG\n  ENV\n    MS_ERRORFILE "${dir}/mapserver-errors.txt"\n  END\n  MAPS\n    ESTATES "${dir}/estates.map"\n  END\nEND\n`,
  );
  await writeFile(
    path.join(dir, 'lighttpd.conf'),
    `server.document-root = "${dir}"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${dir}/lighttpd-errors.txt"
server.modules = ("mod_fastcgi")
fastcgi.server = ("/mapserv" => ((
  "bin-path" => "/usr/lib/cgi-bin/mapserv",
  "socket" => "${dir}/mapserv.socket",
  "check-local" => "disable",
  "max-procs" => 2,
  "bin-environment" => ("MAPSERVER_CONFIG_FILE" => "${dir}/mapserver.conf")
)))
`,
  );
  // lighttpd and the mapserv FastCGI processes it spawns share a process group of their own, ended
  // together: the FastCGI processes outlive lighttpd otherwise.
  const child: ChildProcess = spawn('lighttpd', ['-D', '-f', path.join(dir, 'lighttpd.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const group = child.pid;
  if (group === undefined) throw new Error('bench: lighttpd did not start');
  const stop = async (): Promise<void> => {
    const signal = (name: NodeJS.Signals): void => {
      try {
        process.kill(-group, name);
      } catch {
        // the group has already gone
      }
    };
    signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    signal('SIGKILL');
  };
  try {
    await waitFor(`${base}/mapserv/ESTATES/ogcapi/collections/pipeline_land?f=json`, 'MapServer');
  } catch (e) {
    await stop();
    throw e;
  }
  return stop;
}

interface Answer {
  ms: number;
  bytes: number;
  ids: number[];
}

async function ask(url: string, headers: Record<string, string>): Promise<Answer> {
  const start = process.hrtime.bigint();
  const res = await fetch(url, { headers });
  const body = await res.text();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!res.ok) throw new Error(`bench: ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  const page = JSON.parse(body) as { features: Array<{ id: unknown; properties?: { siteId?: unknown } }> };
  const ids = page.features.map((f) => Number(f.properties?.siteId ?? f.id)).sort((a, b) => a - b);
  return { ms, bytes: Buffer.byteLength(body), ids };
}

const summary = (answers: Answer[]): PassFigures => {
  const times = answers.map((a) => a.ms).sort((a, b) => a - b);
  return {
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: times[times.length - 1] ?? NaN,
    totalBytes: answers.reduce((sum, a) => sum + a.bytes, 0),
    features: answers.reduce((sum, a) => sum + a.ids.length, 0),
  };
};

async function ogrinfo(dataset: string, layer: string, headers: string[]): Promise<OgrinfoFigures> {
  const start = process.hrtime.bigint();
  try {
    // 1,000 features a page, as a GIS user sets it: GDAL's default of 10 makes the read 375 requests.
    const { stdout } = await run(
      'ogrinfo',
      [...headers, '-ro', '-al', '-q', '-oo', 'PAGE_SIZE=1000', `OAPIF:${dataset}`, layer],
      {
        timeout: 300_000,
        maxBuffer: 512 * 2 ** 20,
      },
    );
    return {
      features: stdout.match(/^OGRFeature\(/gm)?.length ?? 0,
      distinctSites: new Set(stdout.match(/^ {2}siteId \([^)]*\) = \d+$/gm) ?? []).size,
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      error: null,
    };
  } catch (e) {
    return { features: null, distinctSites: null, seconds: null, error: (e as Error).message.slice(0, 300) };
  }
}

/** The same requests against MapServer and against `estates serve`, on the estate in `bench`. */
export async function benchMapServer(
  bench: BenchDatabase,
  points: Array<[number, number]>,
  options: { port: number },
): Promise<MapServerFigures> {
  await ensureTools();
  const mapserverVersion = (await run('mapserv', ['-v'])).stdout.split(' OUTPUT=')[0]?.trim() ?? 'unknown';
  const pipelineSites = await createPipelineView(bench);
  const account = await bench.db
    .transaction()
    .execute((trx) => addUser(trx, `bench-housing-${process.pid}`, 'housing'));
  const headers = { authorization: `Bearer ${account.token}` };
  const dir = await mkdtemp(path.join(tmpdir(), 'estates-mapserver-'));
  const msPort = options.port + 1;
  const stopOurs = await startServe(bench, options.port);
  let stopMapServer: (() => Promise<void>) | undefined;
  try {
    stopMapServer = await startMapServer(bench, msPort, dir);
    const ours = `http://127.0.0.1:${options.port}`;
    const mapserver = `http://127.0.0.1:${msPort}`;
    const comparisons: ComparisonFigures[] = [];
    for (const comparison of COMPARISONS) {
      const requests = comparison.requests(points);
      // Opens both servers' database connections on other boxes than those timed.
      for (const r of comparison.requests(points.slice(0, 20).map(([lon, lat]) => [lon + 0.0013, lat + 0.0007]))) {
        await ask(`${ours}${r.ours}`, headers);
        await ask(`${mapserver}${r.mapserver}`, {});
      }
      const pass = async (): Promise<{ ours: Answer[]; mapserver: Answer[] }> => {
        const answers = { ours: [] as Answer[], mapserver: [] as Answer[] };
        for (const r of requests) {
          answers.ours.push(await ask(`${ours}${r.ours}`, headers));
          answers.mapserver.push(await ask(`${mapserver}${r.mapserver}`, {}));
        }
        return answers;
      };
      const first = await pass();
      const repeated = await pass();
      const mismatches = requests.flatMap((r, i) => {
        const a = first.ours[i]?.ids ?? [];
        const b = first.mapserver[i]?.ids ?? [];
        return a.length === b.length && a.every((id, j) => id === b[j])
          ? []
          : [{ request: r.ours, ours: a.length, mapserver: b.length }];
      });
      comparisons.push({
        name: comparison.name,
        describe: comparison.describe,
        requests: requests.length,
        matching: requests.length - mismatches.length,
        mismatches: mismatches.slice(0, 5),
        ours: { first: summary(first.ours), repeated: summary(repeated.ours) },
        mapserver: { first: summary(first.mapserver), repeated: summary(repeated.mapserver) },
      });
    }
    const gdalHeaders = ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${account.token}`];
    return {
      mapserverVersion,
      pipelineSites,
      comparisons,
      ogrinfo: {
        ours: await ogrinfo(`${ours}/ogc`, 'pipeline-land', gdalHeaders),
        mapserver: await ogrinfo(`${mapserver}/mapserv/ESTATES/ogcapi`, 'pipeline_land', []),
      },
    };
  } finally {
    await stopMapServer?.();
    await stopOurs();
    await rm(dir, { recursive: true, force: true });
  }
}
