import type { FastifyInstance } from 'fastify';
import { listRejections, listUploads, storeUpload, uploadSummary, type UploadSummary } from '../../db/uploads.js';
import type { UploadSource } from '../../domain/records.js';
import { EstatesError } from '../../errors.js';
import { relayOnce } from '../../jobs/relay.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { safeFilename } from '../filename.js';
import { errorResponses, freeObject, idParams } from '../schemas.js';
import { rejectionReportCsv } from '../serialise/rejections.js';

export const UPLOAD_SOURCES: readonly UploadSource[] = ['nhsps', 'chp', 'eric', 'survey', 'boundaries'];

const summarySchema = {
  type: 'object',
  required: ['uploadId', 'source', 'filename', 'status', 'read', 'accepted', 'rejected'],
  properties: {
    uploadId: { type: 'integer' },
    source: { type: 'string' },
    filename: { type: 'string' },
    sha256: { type: 'string' },
    sizeBytes: { type: 'integer' },
    uploadedBy: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'ingesting', 'processing', 'done', 'failed'] },
    read: { type: 'integer' },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    error: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const storedSchema = {
  type: 'object',
  required: ['uploadId', 'status', 'read', 'accepted', 'rejected', 'created'],
  properties: {
    ...summarySchema.properties,
    created: { type: 'boolean', description: 'false when the same bytes were already uploaded for this source' },
  },
} as const;

const uploadBody = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['source', 'file'],
        properties: {
          source: { type: 'string', enum: [...UPLOAD_SOURCES] },
          file: { type: 'string', format: 'binary' },
        },
      },
    },
  },
} as const;

const summaryJson = (u: UploadSummary) => ({ ...u });

export function uploadRoutes(app: FastifyInstance, { db, queues, config }: ApiDeps): void {
  app.post(
    '/api/uploads',
    {
      config: access('POST /api/uploads'),
      // The handler reads the multipart stream itself (request.body stays empty), so the body
      // schema documents the form for OpenAPI and is not validated; the handler checks each field.
      validatorCompiler: () => () => true,
      schema: {
        summary: 'Upload a register or survey file (multipart: source, file); it is queued for ingest at once',
        tags: ['uploads'],
        consumes: ['multipart/form-data'],
        body: uploadBody,
        response: { 200: storedSchema, 201: storedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new EstatesError('bad_input', 'send multipart/form-data with fields "source" and "file"');
      let source: string | undefined;
      let file: { filename: string; bytes: Buffer } | undefined;
      for await (const part of request.parts({ limits: { fileSize: config.MAX_UPLOAD_BYTES, files: 1, fields: 4 } })) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file')
            throw new EstatesError('bad_input', `unexpected file field "${part.fieldname}"; send the file as "file"`);
          file = { filename: part.filename, bytes: await part.toBuffer() };
        } else if (part.fieldname === 'source') {
          source = String(part.value);
        } else {
          throw new EstatesError('bad_input', `unknown field "${part.fieldname}"; send "source" and "file"`);
        }
      }
      if (!source || !(UPLOAD_SOURCES as readonly string[]).includes(source))
        throw new EstatesError('bad_input', `field "source" must be one of ${UPLOAD_SOURCES.join(', ')}`);
      if (!file) throw new EstatesError('bad_input', 'field "file" is missing');
      if (file.bytes.byteLength === 0) throw new EstatesError('bad_input', 'the file is empty');
      const filename = safeFilename(file.filename);
      const uploadedBy = callerOf(request).name;
      const stored = await db
        .transaction()
        .execute((trx) =>
          storeUpload(trx, { source: source as UploadSource, filename, bytes: file.bytes, uploadedBy }),
        );
      // Postgres already holds the upload and its outbox row; relaying now only saves the relay's
      // next tick. With Redis down the reconciler delivers it later, so the officer still gets 201.
      await relayOnce(db, queues).catch((e: unknown) =>
        request.log.warn(
          { err: (e as Error).message, uploadId: stored.upload.uploadId },
          'upload stored; relay deferred',
        ),
      );
      return reply.status(stored.created ? 201 : 200).send({ ...summaryJson(stored.upload), created: stored.created });
    },
  );

  app.get<{ Querystring: { limit: number } }>(
    '/api/uploads',
    {
      config: access('GET /api/uploads'),
      schema: {
        summary: 'Recent uploads, newest first',
        tags: ['uploads'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['uploads'],
            properties: { uploads: { type: 'array', items: summarySchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => ({ uploads: (await listUploads(db, request.query.limit)).map(summaryJson) }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/uploads/:id',
    {
      config: access('GET /api/uploads/:id'),
      schema: {
        summary: "One upload's status and live row counts",
        tags: ['uploads'],
        params: idParams,
        response: { 200: summarySchema, ...errorResponses },
      },
    },
    async (request) => {
      const upload = await uploadSummary(db, request.params.id);
      if (!upload) throw new EstatesError('not_found', `no upload ${request.params.id}`);
      return summaryJson(upload);
    },
  );

  app.get<{ Params: { id: number }; Querystring: { format: 'json' | 'csv' } }>(
    '/api/uploads/:id/rejections',
    {
      config: access('GET /api/uploads/:id/rejections'),
      schema: {
        summary: "An upload's rejected rows with every reason (JSON, or an Excel-safe CSV report)",
        tags: ['uploads'],
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
        },
        response: {
          200: {
            description: 'JSON (below), or text/csv with columns file,row,field,code,message and the original row',
            type: 'object',
            properties: {
              uploadId: { type: 'integer' },
              filename: { type: 'string' },
              rejections: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    row: { type: 'integer' },
                    raw: freeObject,
                    problems: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          field: { type: 'string' },
                          code: { type: 'string' },
                          message: { type: 'string' },
                        },
                      },
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
    async (request, reply) => {
      const upload = await uploadSummary(db, request.params.id);
      if (!upload) throw new EstatesError('not_found', `no upload ${request.params.id}`);
      const rejections = await listRejections(db, upload.uploadId);
      if (request.query.format === 'csv') {
        const name = `${upload.filename.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '_')}-rejections.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .serializer((payload: unknown) => String(payload))
          .send(rejectionReportCsv(upload.filename, rejections));
      }
      return { uploadId: upload.uploadId, filename: upload.filename, rejections };
    },
  );
}
