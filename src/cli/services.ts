import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import pg from 'pg';
import { Redis } from 'ioredis';
import { EstatesError } from '../errors.js';
import type { Config } from '../config.js';

/**
 * `estates services up|status`: make PostgreSQL+PostGIS and Redis reachable on loopback.
 * Servers that already answer are used as they are; otherwise, on Debian as root, the
 * packages are installed and started here. Idempotent: a second call changes nothing.
 */

const PG_PACKAGE = 'postgresql-15-postgis-3';
const REDIS_PACKAGE = 'redis-server';
const PG_VERSION = '15';
const REDIS_DIR = '/var/lib/london-estates/redis';

export interface ServiceStatus {
  postgres: { url: string; reachable: boolean; postgis: string | null; error: string | null };
  redis: { url: string; reachable: boolean; version: string | null; error: string | null };
}

type Say = (line: string) => void;

const redact = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
const isLoopback = (host: string): boolean => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
const identifier = (name: string, what: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new EstatesError(
      'bad_input',
      `${what} "${name}" in DATABASE_URL must be a plain identifier (letters, digits, _)`,
    );
  }
  return name;
};
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

async function probePostgres(url: string): Promise<{ postgis: string | null }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    const result = await client.query<{ extversion: string }>(
      "SELECT extversion FROM pg_extension WHERE extname = 'postgis'",
    );
    return { postgis: result.rows[0]?.extversion ?? null };
  } finally {
    await client.end();
  }
}

async function probeRedis(url: string): Promise<string> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 3_000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // the connect() rejection below carries the cause
  try {
    await redis.connect();
    const info = await redis.info('server');
    return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
}

export async function servicesStatus(config: Config): Promise<ServiceStatus> {
  const status: ServiceStatus = {
    postgres: { url: redact(config.DATABASE_URL), reachable: false, postgis: null, error: null },
    redis: { url: redact(config.REDIS_URL), reachable: false, version: null, error: null },
  };
  try {
    status.postgres.postgis = (await probePostgres(config.DATABASE_URL)).postgis;
    status.postgres.reachable = true;
  } catch (e) {
    status.postgres.error = (e as Error).message;
  }
  try {
    status.redis.version = await probeRedis(config.REDIS_URL);
    status.redis.reachable = true;
  } catch (e) {
    status.redis.error = (e as Error).message;
  }
  return status;
}

const isRoot = (): boolean => process.getuid?.() === 0;
const hasApt = (): boolean => existsSync('/usr/bin/apt-get');
const run = (command: string, args: string[], say: Say): void => {
  say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new EstatesError(
      'service_unavailable',
      `${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`,
    );
  }
};

function cannotManage(what: string, url: string, why: string): EstatesError {
  return new EstatesError(
    'service_unavailable',
    `${what} at ${redact(url)} is not reachable (${why}). Either install and start it ` +
      `(Debian, as root: apt-get install -y ${PG_PACKAGE} ${REDIS_PACKAGE}, then run this again), ` +
      'or run `docker compose up -d` and point DATABASE_URL / REDIS_URL at it.',
  );
}

/** Package lists younger than an hour are fresh enough: `apt-get update` runs once per fresh machine. */
function aptListsFresh(): boolean {
  const lists = '/var/lib/apt/lists';
  if (!existsSync(lists)) return false;
  const hourAgo = Date.now() - 3_600_000;
  return readdirSync(lists).some((f) => f.endsWith('_Packages') && statSync(`${lists}/${f}`).mtimeMs > hourAgo);
}

function makeAptInstaller(say: Say): (pkg: string) => void {
  let updated = aptListsFresh();
  return (pkg) => {
    if (!updated) {
      run('apt-get', ['update', '-qq'], say);
      updated = true;
    }
    run('apt-get', ['install', '-y', '-qq', pkg], say);
  };
}

const asPostgres = (sql: string, database = 'postgres'): string =>
  execFileSync(
    'runuser',
    ['-u', 'postgres', '--', 'psql', '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c', sql],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trim();

function startLocalPostgres(url: URL, install: (pkg: string) => void, say: Say): void {
  const bin = `/usr/lib/postgresql/${PG_VERSION}/bin/postgres`;
  const postgisControl = `/usr/share/postgresql/${PG_VERSION}/extension/postgis.control`;
  if (!existsSync(bin) || !existsSync(postgisControl)) install(PG_PACKAGE);
  const clusters = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  const main = clusters
    .split('\n')
    .find((line) => line.startsWith(`${PG_VERSION} `) && line.split(/\s+/)[1] === 'main');
  if (!main) run('pg_createcluster', [PG_VERSION, 'main', '--port', url.port || '5432'], say);
  const port = (main ?? '').split(/\s+/)[2];
  if (port && port !== (url.port || '5432')) {
    throw new EstatesError(
      'service_unavailable',
      `the local PostgreSQL ${PG_VERSION} cluster listens on port ${port}, but DATABASE_URL asks for ${url.port || '5432'}`,
    );
  }
  if (!/\bonline\b/.test(main ?? '')) run('pg_ctlcluster', [PG_VERSION, 'main', 'start'], say);
}

/** Creates the role and database of DATABASE_URL through the local superuser (peer auth). */
function provisionDatabase(url: URL, say: Say): void {
  const role = identifier(decodeURIComponent(url.username || 'estates'), 'role');
  const password = decodeURIComponent(url.password || '');
  const database = identifier(url.pathname.replace(/^\//, '') || role, 'database');
  const roleExists = asPostgres(`SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}`) === '1';
  if (!roleExists) {
    say(`creating PostgreSQL role ${role}`);
    asPostgres(`CREATE ROLE ${role} LOGIN CREATEDB PASSWORD ${literal(password)}`);
  }
  // PostGIS in template1 makes every database created later (test clones included) spatial.
  asPostgres('CREATE EXTENSION IF NOT EXISTS postgis', 'template1');
  const dbExists = asPostgres(`SELECT 1 FROM pg_database WHERE datname = ${literal(database)}`) === '1';
  if (!dbExists) {
    say(`creating database ${database}`);
    asPostgres(`CREATE DATABASE ${database} OWNER ${role}`);
  }
  asPostgres('CREATE EXTENSION IF NOT EXISTS postgis', database);
}

function startLocalRedis(url: URL, install: (pkg: string) => void, say: Say): void {
  if (!existsSync('/usr/bin/redis-server')) install(REDIS_PACKAGE);
  mkdirSync(REDIS_DIR, { recursive: true });
  try {
    chownSync(REDIS_DIR, 0, 0);
  } catch (e) {
    throw new EstatesError('service_unavailable', `cannot prepare ${REDIS_DIR} for Redis`, { cause: e });
  }
  // Append-only persistence: a restarted Redis keeps its queues (Postgres still holds the truth).
  run(
    'redis-server',
    [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      url.port || '6379',
      '--appendonly',
      'yes',
      '--dir',
      REDIS_DIR,
      '--logfile',
      `${REDIS_DIR}/redis.log`,
      '--save',
      '',
    ],
    say,
  );
}

async function waitFor(what: string, probe: () => Promise<unknown>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (e) {
      lastError = e;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new EstatesError('service_unavailable', `${what} did not come up within ${timeoutMs / 1000}s`, {
    cause: lastError,
  });
}

const canManageLocally = (url: URL): boolean => isLoopback(url.hostname) && isRoot() && hasApt();

export async function servicesUp(config: Config, say: Say): Promise<ServiceStatus> {
  const install = makeAptInstaller(say);
  const pgUrl = new URL(config.DATABASE_URL);
  const redisUrl = new URL(config.REDIS_URL);

  let status = await servicesStatus(config);
  if (!status.postgres.reachable || !status.postgres.postgis) {
    if (!canManageLocally(pgUrl)) {
      if (status.postgres.reachable) {
        throw new EstatesError(
          'service_unavailable',
          `PostgreSQL at ${redact(config.DATABASE_URL)} answers but has no PostGIS: run CREATE EXTENSION postgis as a superuser`,
        );
      }
      throw cannotManage('PostgreSQL', config.DATABASE_URL, status.postgres.error ?? 'unknown error');
    }
    startLocalPostgres(pgUrl, install, say);
    await waitFor('PostgreSQL', () => asPostgresAsync('SELECT 1'));
    provisionDatabase(pgUrl, say);
    await waitFor('PostgreSQL', () => probePostgres(config.DATABASE_URL));
  }
  if (!status.redis.reachable) {
    if (!canManageLocally(redisUrl))
      throw cannotManage('Redis', config.REDIS_URL, status.redis.error ?? 'unknown error');
    startLocalRedis(redisUrl, install, say);
    await waitFor('Redis', () => probeRedis(config.REDIS_URL));
  }
  ensureChromium(config.CHROMIUM_PATH, install, say);
  ensureGdal(install, say);
  status = await servicesStatus(config);
  if (!status.postgres.reachable || !status.postgres.postgis || !status.redis.reachable) {
    throw new EstatesError('service_unavailable', `services are still not ready: ${JSON.stringify(status)}`);
  }
  return status;
}

/**
 * The Board pack is printed by Debian's chromium (src/export/board-pack-pdf.ts); site outlines from a
 * GeoPackage or zipped Shapefile are read by GDAL's ogr2ogr (workers/outline-file.ts). Each is installed
 * here when it is missing and this is Debian as root; otherwise said once, since everything else runs
 * without it.
 */
function ensureChromium(chromiumPath: string, install: (pkg: string) => void, say: Say): void {
  ensureTool(chromiumPath, '/usr/bin/chromium', 'chromium', 'the Board pack PDF', install, say);
}

function ensureGdal(install: (pkg: string) => void, say: Say): void {
  ensureTool(
    '/usr/bin/ogr2ogr',
    '/usr/bin/ogr2ogr',
    'gdal-bin',
    'site outlines from GeoPackage or Shapefile',
    install,
    say,
  );
}

function ensureTool(
  at: string,
  debianPath: string,
  pkg: string,
  neededFor: string,
  install: (pkg: string) => void,
  say: Say,
): void {
  if (existsSync(at)) return;
  if (at === debianPath && isRoot() && hasApt()) install(pkg);
  else say(`no ${at}: ${neededFor} needs it (Debian: apt-get install -y ${pkg})`);
}

const asPostgresAsync = async (sql: string): Promise<string> => asPostgres(sql);
