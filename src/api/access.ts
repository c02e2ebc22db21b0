import { REQUEST_ROLES } from '../domain/case-workflow.js';
import { ROLE_GROUPS, type Role } from '../domain/roles.js';

/** Who may call a route: a list of roles, or 'public' (health checks, sign-in, the API description). */
export type RouteAccess = readonly Role[] | 'public';

const { everyone: ALL, recordKeepers: OFFICERS, valuers: VALUERS, caseMovers, board, admins } = ROLE_GROUPS;

/**
 * The role matrix: every route the API serves, keyed "METHOD /url" exactly as Fastify registers
 * it, and who may call it. Route registrations read their access from here, and the access
 * test walks every registered route × every role against this table; a route missing from it
 * fails that test. Keep docs/api.md in step.
 */
export const ACCESS = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/openapi.json': 'public',

  'POST /api/session': 'public',
  'GET /api/session': ALL,
  'DELETE /api/session': ALL,
  'POST /api/session/password': ALL,
  // Sign-in through the identity provider: the browser arrives signed out, by redirects.
  'GET /api/session/oidc': 'public',
  'GET /api/session/oidc/callback': 'public',
  'GET /api/session/oidc/logout': 'public',
  'POST /api/users': admins,
  'GET /api/users': admins,
  'PATCH /api/users/:id': admins,
  'POST /api/users/:id/password': admins,
  'GET /api/users/:id/tokens': admins,
  'POST /api/users/:id/tokens': admins,
  'DELETE /api/users/:id/tokens/:tokenId': admins,
  'GET /api/users/:id/throttle': admins,
  'DELETE /api/users/:id/throttle': admins,

  'POST /api/uploads': OFFICERS,
  'GET /api/uploads': OFFICERS,
  'GET /api/uploads/:id': OFFICERS,
  'GET /api/uploads/:id/rejections': OFFICERS,

  'GET /api/ranked': VALUERS,
  'GET /api/portfolio': VALUERS,
  // Housing may read a site, but its answer leaves the valuation out (see routes/sites.ts).
  'GET /api/sites/:id': ALL,
  'GET /api/land': ALL,

  // Cases: officers open and move them, the Board decides; housing reads status only (see routes/cases.ts).
  'POST /api/cases': caseMovers,
  'GET /api/cases': ALL,
  'GET /api/cases/:id': ALL,
  'POST /api/cases/:id/transitions': caseMovers,
  // Who may put each kind of record on a case is the workflow's rule (REQUEST_ROLES), read here.
  'POST /api/cases/:id/facts': REQUEST_ROLES.record_fact,
  'POST /api/cases/:id/documents': REQUEST_ROLES.record_fact,
  'GET /api/cases/:id/documents/:sha256': VALUERS,
  'POST /api/cases/:id/interests': REQUEST_ROLES.interest_received,
  'POST /api/cases/:id/delays': REQUEST_ROLES.explain_delay,
  'POST /api/cases/:id/outcomes': REQUEST_ROLES.record_outcome,
  'GET /api/outcomes': VALUERS,
  'POST /api/outcomes/uploads': REQUEST_ROLES.record_outcome,
  'GET /api/board/agenda': VALUERS,
  'POST /api/board/decisions': board,
  // The Board pack carries valuations: the Board and officers (who prepare it), never housing.
  'GET /api/board/pack': VALUERS,
  'GET /api/board/pack.pdf': VALUERS,
  'GET /api/forecast': VALUERS,
  'GET /api/forecast/backtest': VALUERS,
  'GET /api/pipeline': VALUERS,
  // Files for Excel; housing's pipeline and outcomes leave the confidential columns out (src/export/tables.ts).
  'GET /api/ranked.csv': VALUERS,
  'GET /api/ranked.xlsx': VALUERS,
  'GET /api/pipeline.csv': ALL,
  'GET /api/pipeline.xlsx': ALL,
  'GET /api/outcomes.csv': ALL,
  'GET /api/outcomes.xlsx': ALL,
  'GET /api/simulation': VALUERS,
  'GET /api/audit/verify': admins,
  'POST /api/deadlines': admins,
  // Who read confidential figures; nothing changes it (migration 0520).
  'GET /api/access-log': admins,
  // Assumption figures are confidential like the valuations they make; only an administrator adds a set.
  'GET /api/assumptions': VALUERS,
  'POST /api/assumptions': admins,

  // The web UI: static files (the page, its scripts, Leaflet) are public; data comes from the routes above.
  'GET /': 'public',
  'GET /ui/*': 'public',
  'GET /vendor/leaflet/*': 'public',
  'GET /vendor/leaflet-vectorgrid/*': 'public',
  'GET /api/ui-config': 'public',
  'GET /api/map/boroughs': ALL,
  'GET /api/map/sites': VALUERS,

  'GET /ogc': ALL,
  'GET /ogc/conformance': ALL,
  'GET /ogc/collections': ALL,
  'GET /ogc/collections/:collectionId': ALL,
  'GET /ogc/collections/:collectionId/queryables': ALL,
  'GET /ogc/collections/:collectionId/items': ALL,
  'GET /ogc/collections/:collectionId/items/:featureId': ALL,

  // Vector tiles: land for everyone (housing's carry no valuation); every site, as the Board's map, for valuers.
  'GET /tiles/:collection': ALL,
  'GET /tiles/:collection/:z/:x/:y.mvt': ALL,
  'GET /tiles/sites': VALUERS,
  'GET /tiles/sites/:z/:x/:y.mvt': VALUERS,
} as const satisfies Record<string, RouteAccess>;

export type RouteKey = keyof typeof ACCESS;

/** The access config for a route; a key not in the table does not compile. */
export const access = (route: RouteKey): { access: RouteAccess } => ({ access: ACCESS[route] });
