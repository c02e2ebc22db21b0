import type { FastifyRequest } from 'fastify';
import { listUploads, storeReceivedUpload, uploadSummary } from '../../db/uploads.js';
import { EstatesError } from '../../errors.js';
import { checkUploadOptions, type UploadOptions } from '../../ingest/upload-options.js';
import { relayOnce } from '../../jobs/relay.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import { safeFilename } from '../filename.js';
import { malformedForm } from '../multipart.js';
import { receiveToDisk } from '../received-file.js';
import { UploadSlots } from '../upload-slots.js';
import * as schema from '../schemas/uploads.js';

type UploadSource = (typeof schema.UPLOAD_SOURCES)[number];

/** The form's two fields, read from the multipart stream: each is checked here, by name. */
async function readUploadForm(request: FastifyRequest, maxBytes: number) {
  if (!request.isMultipart())
    throw new EstatesError('bad_input', 'send multipart/form-data with fields "source" and "file"');
  try {
    return await readUploadParts(request, maxBytes);
  } catch (error) {
    throw malformedForm(error);
  }
}

async function readUploadParts(request: FastifyRequest, maxBytes: number) {
  let file: { filename: string; received: Awaited<ReturnType<typeof receiveToDisk>> } | undefined;
  try {
    return await readFields(request, maxBytes, (f) => {
      file = f;
    });
  } catch (error) {
    await file?.received.discard();
    throw error;
  }
}

async function readFields(
  request: FastifyRequest,
  maxBytes: number,
  keep: (file: { filename: string; received: Awaited<ReturnType<typeof receiveToDisk>> }) => void,
) {
  let source: string | undefined;
  let file: { filename: string; received: Awaited<ReturnType<typeof receiveToDisk>> } | undefined;
  const options: { crs?: string; referenceProperty?: string } = {};
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 6 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file')
        throw new EstatesError('bad_input', `unexpected file field "${part.fieldname}"; send the file as "file"`);
      file = { filename: part.filename, received: await receiveToDisk(part.file) };
      keep(file);
    } else if (part.fieldname === 'source') {
      source = String(part.value);
      // What housing teams call them (and the CLI takes): stored as the boundaries source.
      if (source === 'site-outlines') source = 'boundaries';
      if (source.includes('\u0000')) throw new EstatesError('bad_input', 'field "source" holds a NUL byte');
    } else if (part.fieldname === 'crs' || part.fieldname === 'referenceProperty') {
      const value = String(part.value);
      if (value.includes('\u0000')) throw new EstatesError('bad_input', `field "${part.fieldname}" holds a NUL byte`);
      options[part.fieldname] = value;
    } else {
      throw new EstatesError(
        'bad_input',
        `unknown field "${part.fieldname}"; send "source" and "file" (and for boundaries "crs", "referenceProperty")`,
      );
    }
  }
  if (!source || !(schema.UPLOAD_SOURCES as readonly string[]).includes(source))
    throw new EstatesError(
      'bad_input',
      `field "source" must be one of ${schema.UPLOAD_SOURCES.join(', ')} (site-outlines: boundaries)`,
    );
  if (!file) throw new EstatesError('bad_input', 'field "file" is missing');
  if (file.received.sizeBytes === 0) throw new EstatesError('bad_input', 'the file is empty');
  if (options.crs !== undefined && options.crs !== 'EPSG:27700' && options.crs !== 'EPSG:4326')
    throw new EstatesError('bad_input', 'field "crs" must be EPSG:27700 or EPSG:4326');
  const checked = checkUploadOptions(source as UploadSource, options as UploadOptions);
  return {
    source: source as UploadSource,
    filename: safeFilename(file.filename),
    file: file.received,
    options: checked,
  };
}

export function uploadRoutes(app: Api, { db, queues, config }: ApiDeps): void {
  const slots = new UploadSlots(config.UPLOADS_AT_ONCE, config.UPLOADS_AT_ONCE_PER_USER);
  app.post(
    '/api/uploads',
    // The body schema documents the form for OpenAPI; the handler reads the stream (request.body stays empty).
    { config: access('POST /api/uploads'), schema: schema.storeUpload, validatorCompiler: () => () => true },
    async (request, reply) => {
      const caller = callerOf(request);
      const release = slots.take(caller.userId);
      const stored = await (async () => {
        const form = await readUploadForm(request, config.MAX_UPLOAD_BYTES);
        return db
          .transaction()
          .execute((trx) => storeReceivedUpload(trx, { ...form, uploadedBy: caller.name, orgCode: caller.org }))
          .finally(form.file.discard);
      })().finally(release);
      // Postgres already holds the upload and its outbox row; relaying now only saves the relay's
      // next tick. With Redis down the reconciler delivers it later, so the officer still gets 201.
      await relayOnce(db, queues).catch((e: unknown) =>
        request.log.warn(
          { err: (e as Error).message, uploadId: stored.upload.uploadId },
          'upload stored; relay deferred',
        ),
      );
      return reply.status(stored.created ? 201 : 200).send({ ...stored.upload, created: stored.created });
    },
  );

  app.get('/api/uploads', { config: access('GET /api/uploads'), schema: schema.listUploads }, async (request) => ({
    uploads: await listUploads(db, request.query.limit),
  }));

  app.get(
    '/api/uploads/:id',
    { config: access('GET /api/uploads/:id'), schema: schema.showUpload },
    async (request) => {
      const upload = await uploadSummary(db, request.params.id);
      if (!upload) throw new EstatesError('not_found', `no upload ${request.params.id}`);
      return upload;
    },
  );
}
