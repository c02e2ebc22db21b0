import { z } from 'zod';
import type { UploadSource } from '../../domain/records.js';
import { SEPARATORS } from '../../ingest/table-reader.js';
import { dateTime, errorResponses, freeObject, idParams, wholeNumber } from './common.js';

export const UPLOAD_SOURCES = [
  'nhsps',
  'chp',
  'eric',
  'survey',
  'boundaries',
] as const satisfies readonly UploadSource[];

const uploadSummary = z.object({
  uploadId: z.number().int(),
  source: z.string(),
  filename: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  uploadedBy: z.string(),
  status: z.enum(['queued', 'ingesting', 'processing', 'done', 'failed']),
  read: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  sites: z.number().int().nullable().describe('accepted rows that are sites; null for surveys and boundaries'),
  trustTotals: z.number().int().nullable().describe("ERIC's accepted AGGRE (trust total) rows; null for other sources"),
  rejectedByCode: z.record(z.string(), z.number().int()).describe('rejected rows by code'),
  error: z.string().nullable(),
  options: z
    .object({ crs: z.enum(['EPSG:27700', 'EPSG:4326']).optional(), referenceProperty: z.string().optional() })
    .describe('what the uploader said beyond the bytes; the same bytes with other options are another upload'),
  readAs: z
    .union([
      z.object({
        format: z.literal('csv'),
        encoding: z.enum(['utf-8', 'windows-1252']),
        separator: z.enum(SEPARATORS),
      }),
      z.object({ format: z.enum(['xlsx', 'xls', 'ods']) }),
      z.object({
        format: z.literal('geojson'),
        crs: z.enum(['EPSG:27700', 'EPSG:4326']),
        crsFrom: z.enum(['file', 'option', 'detected']),
      }),
    ])
    .nullable()
    .describe('how the file was read; null until the worker has opened it'),
  createdAt: dateTime,
  finishedAt: dateTime.nullable(),
});

const storedUpload = uploadSummary.extend({
  created: z
    .boolean()
    .describe('false when the same bytes were already uploaded for this source with the same options'),
});

export const storeUpload = {
  summary: 'Upload a register or survey file (multipart: source, file); it is queued for ingest at once',
  tags: ['uploads'],
  consumes: ['multipart/form-data'],
  // Documents the form; the handler reads the multipart stream itself and checks each field.
  body: z.object({
    source: z.enum(UPLOAD_SOURCES),
    file: z.string().meta({ format: 'binary' }),
    crs: z.enum(['EPSG:27700', 'EPSG:4326']).optional().describe('boundaries: the CRS of a file that declares none'),
    referenceProperty: z.string().optional().describe('boundaries: the feature property holding the site reference'),
  }),
  response: { 200: storedUpload, 201: storedUpload, ...errorResponses },
};

export const listUploads = {
  summary: 'Recent uploads, newest first',
  tags: ['uploads'],
  querystring: z.strictObject({ limit: wholeNumber(1, 1000).default(100) }),
  response: { 200: z.object({ uploads: z.array(uploadSummary) }), ...errorResponses },
};

export const showUpload = {
  summary: "One upload's status and live row counts",
  tags: ['uploads'],
  params: idParams,
  response: { 200: uploadSummary, ...errorResponses },
};

const rejection = z.object({
  row: z.number().int(),
  raw: freeObject,
  problems: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
});

export const listRejections = {
  summary:
    "An upload's rejected rows with every reason, a page at a time (JSON), or the whole Excel-safe CSV report, streamed",
  tags: ['uploads'],
  params: idParams,
  querystring: z.strictObject({
    format: z.enum(['json', 'csv']).default('json'),
    limit: wholeNumber(1, 10_000).default(1_000).describe('rows per page (JSON)'),
    after: wholeNumber(0, 2_147_483_647)
      .default(0)
      .describe('the page after this row number (JSON): nextAfter of the last page'),
  }),
  response: {
    200: z
      .object({
        uploadId: z.number().int(),
        filename: z.string(),
        rejected: z.number().int().describe('every rejected row'),
        kept: z.number().int().describe('rejected rows kept in full (the first 10,000)'),
        byCode: z.record(z.string(), z.number().int()).describe('every rejected row, by code'),
        rejections: z.array(rejection),
        nextAfter: z.number().int().nullable().describe('pass as after= for the next page; null on the last'),
      })
      .describe('JSON (below), or text/csv with columns file,row,field,code,message and the original row'),
    ...errorResponses,
  },
};
