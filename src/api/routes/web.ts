import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { boroughOutlines, sitePoints } from '../../db/map-layers.js';
import { ACCESS, access } from '../access.js';
import { sessionCredential } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, freeObject } from '../schemas.js';
import { DECISION_STAGE, MEETING_ID, PATH_STAGES } from '../../domain/case-events.js';
import { ROLES } from '../../domain/roles.js';
import { STALL_REASON_CODES, STALL_REASON_LABELS } from '../../domain/stall-reasons.js';

/** The workflow's words and rules, from the domain, so the UI never keeps a copy that can drift. */
const WORKFLOW_VOCABULARY = {
  pathStages: [...PATH_STAGES],
  stallReasons: STALL_REASON_CODES.map((code) => [code, STALL_REASON_LABELS[code]]),
  decisionStages: DECISION_STAGE,
  meetingIdPattern: MEETING_ID.source,
};

/** Who may call each route: the UI shows a page, a link or a form only to a role its route lets in. */
const ACCESS_RULES = { roles: [...ROLES], routes: ACCESS };

/**
 * The browser UI: static files only (HTML, CSS, ES modules in web/, Leaflet from its npm
 * package), plus the three small reads the map needs. Every figure comes from the API with
 * the user's own session, so the UI can show nothing its role may not read.
 */

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_ROOT = path.join(REPO, 'web');
export const LEAFLET_ROOT = path.join(REPO, 'node_modules/leaflet/dist');

interface Wildcard {
  Params: { '*': string };
}

export async function webRoutes(app: FastifyInstance, { db, config }: ApiDeps): Promise<void> {
  const signedInUser = sessionCredential(db);
  // serve: false: we declare each route ourselves, so each one says who may call it.
  await app.register(fastifyStatic, { root: WEB_ROOT, serve: false });

  app.get('/', { config: access('GET /'), schema: { hide: true } }, (_request, reply) =>
    reply.sendFile('index.html', WEB_ROOT, { maxAge: 0 }),
  );
  app.get<Wildcard>('/ui/*', { config: access('GET /ui/*'), schema: { hide: true } }, (request, reply) =>
    reply.sendFile(request.params['*'], WEB_ROOT, { maxAge: 0 }),
  );
  app.get<Wildcard>(
    '/vendor/leaflet/*',
    { config: access('GET /vendor/leaflet/*'), schema: { hide: true } },
    (request, reply) => reply.sendFile(request.params['*'], LEAFLET_ROOT, { maxAge: 86_400_000 }),
  );

  app.get(
    '/api/ui-config',
    {
      config: access('GET /api/ui-config'),
      schema: {
        summary:
          "What the web UI needs at start: the optional basemap tile URL (null: no basemap, nothing fetched), who the session cookie belongs to (null when signed out), the workflow's stages, stall reasons, Board decisions and meeting-id form, and which roles may call each route",
        tags: ['ui'],
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: {
              basemapUrl: { type: ['string', 'null'] },
              signedIn: {
                type: ['object', 'null'],
                additionalProperties: false,
                properties: { userId: { type: 'integer' }, name: { type: 'string' }, role: { type: 'string' } },
              },
              workflow: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  pathStages: { type: 'array', items: { type: 'string' } },
                  stallReasons: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
                  decisionStages: {
                    type: 'object',
                    description: "the stage each of the Board's decisions moves a case to",
                    additionalProperties: { type: 'string' },
                  },
                  meetingIdPattern: { type: 'string', description: 'how a Board meeting id is written (a regex)' },
                },
              },
              access: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  roles: { type: 'array', items: { type: 'string' } },
                  routes: {
                    type: 'object',
                    description: '"METHOD /url" → the roles that may call it, or "public"',
                    additionalProperties: {
                      anyOf: [
                        { type: 'string', enum: ['public'] },
                        { type: 'array', items: { type: 'string' } },
                      ],
                    },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    // Public, so a signed-out visitor's first request does not fail with a 401.
    async (request) => ({
      basemapUrl: config.BASEMAP_URL ?? null,
      signedIn: await signedInUser(request),
      workflow: WORKFLOW_VOCABULARY,
      access: ACCESS_RULES,
    }),
  );

  app.get(
    '/api/map/boroughs',
    {
      config: access('GET /api/map/boroughs'),
      schema: {
        summary: 'London borough outlines (simplified, WGS84 GeoJSON) for the web map',
        tags: ['ui'],
        response: { 200: freeObject, ...errorResponses },
      },
    },
    async () => boroughOutlines(db),
  );

  app.get(
    '/api/map/sites',
    {
      config: access('GET /api/map/sites'),
      schema: {
        summary: 'Every site as a WGS84 point with its latest condition class, surplus score and rank (no valuations)',
        tags: ['ui'],
        response: { 200: freeObject, ...errorResponses },
      },
    },
    async () => sitePoints(db),
  );
}
