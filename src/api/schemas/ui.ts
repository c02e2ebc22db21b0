import { z } from 'zod';
import { errorResponses, freeObject } from './common.js';

/** The web UI's static files: served, not documented. */
export const staticFiles = { hide: true, params: z.object({ '*': z.string() }) };
export const indexPage = { hide: true };

export const uiConfig = {
  summary:
    "What the web UI needs at start: the optional basemap tile URL (null: no basemap, nothing fetched), who the session cookie belongs to (null when signed out), the workflow's stages, stall reasons, Board decisions and meeting-id form, and which roles may call each route",
  tags: ['ui'],
  response: {
    200: z.object({
      basemapUrl: z.string().nullable(),
      mapTilesFromSites: z
        .number()
        .int()
        .describe('from how many sites the map draws them from vector tiles rather than one marker each'),
      signedIn: z
        .object({ userId: z.number().int(), name: z.string(), role: z.string(), org: z.string().nullable() })
        .nullable(),
      oidc: z
        .object({ label: z.string().describe('what the sign-in button calls the identity provider') })
        .nullable()
        .describe('sign-in through the identity provider (GET /api/session/oidc); null when not configured'),
      workflow: z.object({
        pathStages: z.array(z.string()),
        stallReasons: z.array(z.array(z.string())),
        decisionStages: z
          .record(z.string(), z.string())
          .describe("the stage each of the Board's decisions moves a case to"),
        meetingIdPattern: z.string().describe('how a Board meeting id is written (a regex)'),
      }),
      access: z.object({
        roles: z.array(z.string()),
        routes: z
          .record(z.string(), z.union([z.literal('public'), z.array(z.string()).readonly()]))
          .describe('"METHOD /url" → the roles that may call it, or "public"'),
      }),
    }),
    ...errorResponses,
  },
};

export const boroughOutlines = {
  summary: 'London borough outlines (simplified, WGS84 GeoJSON) for the web map',
  tags: ['ui'],
  response: { 200: freeObject, ...errorResponses },
};

export const sitePoints = {
  summary: 'Every site as a WGS84 point with its latest condition class, surplus score and rank (no valuations)',
  tags: ['ui'],
  response: { 200: freeObject, ...errorResponses },
};
