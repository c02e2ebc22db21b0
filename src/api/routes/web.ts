import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { boroughOutlines, sitePoints } from '../../db/map-layers.js';
import { DECISION_STAGE, MEETING_ID, PATH_STAGES } from '../../domain/case-events.js';
import { ROLES } from '../../domain/roles.js';
import { STALL_REASON_CODES, STALL_REASON_LABELS } from '../../domain/stall-reasons.js';
import { ACCESS, access } from '../access.js';
import { sessionCredential } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/ui.js';

/**
 * The browser UI: static files only (HTML, CSS, ES modules in web/, Leaflet from its npm
 * package), plus the three small reads the map needs. Every figure comes from the API with
 * the user's own session, so the UI can show nothing its role may not read.
 */

/** The workflow's words and rules, from the domain, so the UI never keeps a copy that can drift. */
const WORKFLOW_VOCABULARY = {
  pathStages: [...PATH_STAGES],
  stallReasons: STALL_REASON_CODES.map((code) => [code, STALL_REASON_LABELS[code]]),
  decisionStages: DECISION_STAGE,
  meetingIdPattern: MEETING_ID.source,
};

/** Who may call each route: the UI shows a page, a link or a form only to a role its route lets in. */
const ACCESS_RULES = { roles: [...ROLES], routes: ACCESS };

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_ROOT = path.join(REPO, 'web');
export const LEAFLET_ROOT = path.join(REPO, 'node_modules/leaflet/dist');
export const VECTORGRID_ROOT = path.join(REPO, 'node_modules/leaflet.vectorgrid/dist');

export async function webRoutes(app: Api, { db, config }: ApiDeps): Promise<void> {
  const signedInUser = sessionCredential(db);
  // serve: false: we declare each route ourselves, so each one says who may call it.
  await app.register(fastifyStatic, { root: WEB_ROOT, serve: false });

  app.get('/', { config: access('GET /'), schema: schema.indexPage }, (_request, reply) =>
    reply.sendFile('index.html', WEB_ROOT, { maxAge: 0 }),
  );
  app.get('/ui/*', { config: access('GET /ui/*'), schema: schema.staticFiles }, (request, reply) =>
    reply.sendFile(request.params['*'], WEB_ROOT, { maxAge: 0 }),
  );
  app.get(
    '/vendor/leaflet/*',
    { config: access('GET /vendor/leaflet/*'), schema: schema.staticFiles },
    (request, reply) => reply.sendFile(request.params['*'], LEAFLET_ROOT, { maxAge: 86_400_000 }),
  );

  app.get(
    '/vendor/leaflet-vectorgrid/*',
    { config: access('GET /vendor/leaflet-vectorgrid/*'), schema: schema.staticFiles },
    (request, reply) => reply.sendFile(request.params['*'], VECTORGRID_ROOT, { maxAge: 86_400_000 }),
  );

  // Public, so a signed-out visitor's first request does not fail with a 401.
  app.get('/api/ui-config', { config: access('GET /api/ui-config'), schema: schema.uiConfig }, async (request) => ({
    basemapUrl: config.BASEMAP_URL ?? null,
    mapTilesFromSites: config.MAP_TILES_FROM_SITES,
    signedIn: await signedInUser(request),
    oidc: config.OIDC_ISSUER ? { label: config.OIDC_LABEL } : null,
    workflow: WORKFLOW_VOCABULARY,
    access: ACCESS_RULES,
  }));

  app.get('/api/map/boroughs', { config: access('GET /api/map/boroughs'), schema: schema.boroughOutlines }, async () =>
    boroughOutlines(db),
  );
  app.get('/api/map/sites', { config: access('GET /api/map/sites'), schema: schema.sitePoints }, async () =>
    sitePoints(db),
  );
}
