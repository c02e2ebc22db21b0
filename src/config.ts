import { z } from 'zod';

/**
 * The one place configuration is read. Every entry point (CLI, API, workers, tests) calls
 * loadConfig once and passes the result down; the domain never sees it.
 */
/** The default of TOKEN_TTL_DAYS, also what addUser uses when a caller gives none. */
export const DEFAULT_TOKEN_TTL_DAYS = 90;

const Env = z.object({
  DATABASE_URL: z.string().url().default('postgres://estates:estates@127.0.0.1:5432/estates'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** BullMQ key prefix: lets several deployments (or test files) share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('estates'),
  /** Largest upload accepted, in bytes (officers' registers are a few MB; 100k rows ≈ 15 MB). */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** Uploads one API process receives at once, in all and per user (each holds up to MAX_UPLOAD_BYTES); beyond: 429. */
  UPLOADS_AT_ONCE: z.coerce.number().int().min(1).max(1_000).default(4),
  UPLOADS_AT_ONCE_PER_USER: z.coerce.number().int().min(1).max(1_000).default(2),
  /** Rows written per ingest transaction: a crash loses at most one uncommitted batch, which is redone. */
  INGEST_BATCH_ROWS: z.coerce.number().int().min(1).max(100_000).default(5_000),
  /**
   * Heap limit, in MB, of the thread `estates workers` runs its jobs in (0: no thread, Node's own
   * limit). Not a memory saving by starving the jobs: V8 lets a heap grow up to 4× its live size
   * between full collections when its limit is 2 GB or more (which Node picks on a machine with
   * 8 GB+), and 1.6× at 1 GB (heap-controller.cc, MaxGrowingFactor). At 100,000 sites the score step
   * keeps ~200 MB live; raise this for estates several times larger.
   */
  WORKER_HEAP_MB: z.coerce.number().int().min(0).max(65_536).default(1024),
  /** Concurrent jobs per queue per worker process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** How long a worker finishes the job in hand on SIGTERM before exiting anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Reconciler period: how often Postgres is asked what is unfinished. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Days an API token lives unless issued with its own expiry. The 90 days are this product's
   * policy (issue 20, no outside publication): a token is a password a script keeps, so it is
   * re-issued at least once a quarter, and a forgotten one stops working on its own.
   */
  TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_TOKEN_TTL_DAYS),
  /**
   * Where users reach the product, e.g. https://estates.example.nhs.uk (a path prefix is kept):
   * links are built from it, cookie-authenticated writes must come from its origin, and the OIDC
   * redirect is built from it (required with OIDC_ISSUER). Unset, the address `serve` listens on.
   * Never taken from a request's Host header.
   */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'PUBLIC_URL is an http(s) URL')
    .optional(),
  /** Debian's chromium, which prints the Board pack (playwright-core drives it; `services up` installs it). */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  /** Optional basemap tile URL for the web map; absent by default so nothing is fetched. */
  BASEMAP_URL: z.string().optional(),
  /**
   * OpenID Connect sign-in (README, Security): the identity provider's issuer URL, and this
   * service's client there. Unset: local accounts only.
   */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The claim (ID token, else userinfo) whose value or values say the user's role. */
  OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  /** `value=role` pairs, comma-separated; unset: a value that is one of our role names is that role. */
  OIDC_ROLE_MAP: z.string().optional(),
  /** The claim naming the user's organisation; unset: none is read. */
  OIDC_ORG_CLAIM: z.string().min(1).optional(),
  /** `value=CODE` pairs, comma-separated; unset: the claim's value, upper-cased, is the organisation code. */
  OIDC_ORG_MAP: z.string().optional(),
  OIDC_SCOPES: z.string().default('openid profile email'),
  /** What the sign-in button calls the provider, e.g. "NHS Care Identity" or "Microsoft Entra ID". */
  OIDC_LABEL: z.string().min(1).max(60).default('your organisation’s account'),
  /**
   * From how many sites the web map draws them from vector tiles (/tiles/sites) instead of one
   * marker each from one GeoJSON document. Our choice, not a publication: Leaflet keeps one SVG
   * element per marker and the document grows by ~200 bytes a site, so past a few thousand the
   * tiles (a few hundred kB a screen whatever the estate's size) are the lighter way.
   */
  MAP_TILES_FROM_SITES: z.coerce.number().int().min(0).default(5_000),
});

export type Config = Readonly<z.infer<typeof Env>>;

const Checked = Env.superRefine((config, problems) => {
  if (!config.OIDC_ISSUER) return;
  for (const needed of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PUBLIC_URL'] as const)
    if (!config[needed])
      problems.addIssue({ code: 'custom', path: [needed], message: `${needed} is needed with OIDC_ISSUER` });
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return Object.freeze(Checked.parse(env));
}
