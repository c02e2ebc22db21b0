import { z } from 'zod';
import { decimalNumber, errorResponses, freeObject, wholeNumber } from './common.js';

export const LAND_FORMATS = ['json', 'geojson', 'csv'] as const;

export const landSite = z.object({
  siteId: z.number().int(),
  source: z.string(),
  sourceRef: z.string(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  borough: z.string().nullable(),
  boroughName: z.string().nullable(),
  subRegion: z.string().nullable(),
  status: z.enum(['released', 'pipeline']),
  stage: z.string(),
  caseId: z.number().int(),
  caseOpenedOn: z.iso.date(),
  siteAreaHa: z.number().nullable(),
  outlineAreaHa: z.number().nullable(),
  homes: z.number().int().nullable(),
  lon: z.number(),
  lat: z.number(),
  geometry: freeObject,
  releasedOn: z.iso.date().nullable(),
  updatedOn: z.iso.date(),
});

export const landSearch = {
  summary: 'Released and pipeline land for housing teams: JSON, GeoJSON (WGS84) or Brownfield Land Register CSV',
  tags: ['land'],
  querystring: z.strictObject({
    status: z.enum(['released', 'pipeline']).optional(),
    borough: z.string().max(64).optional().describe('GSS code (E09…) or borough name'),
    minHomes: wholeNumber(0, 1_000_000).optional(),
    minHa: decimalNumber(0, 100_000).optional(),
    near: z.string().max(64).optional().describe('lon,lat in WGS84; needs within'),
    within: decimalNumber(0, 50_000)
      .refine((m) => m > 0, 'within is more than 0 metres')
      .optional()
      .describe('metres from near'),
    bbox: z.string().max(128).optional().describe('minLon,minLat,maxLon,maxLat in WGS84'),
    format: z.enum(LAND_FORMATS).default('json'),
    limit: wholeNumber(1, 10_000).default(1_000),
    offset: wholeNumber(0, 1_000_000).default(0),
  }),
  response: {
    200: z
      .looseObject({
        total: z.number().int(),
        limit: z.number().int(),
        offset: z.number().int(),
        sites: z.array(landSite),
      })
      .describe(
        'format=json (below); format=geojson: a GeoJSON FeatureCollection; format=csv: Brownfield Land Register 2017 CSV',
      ),
    ...errorResponses,
  },
};
