import { casePage } from '../../cases/case-page.js';
import { recordFact, storeFactDocument } from '../../cases/facts.js';
import { caseDocument } from '../../db/case-documents.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import { readFileForm } from '../multipart.js';
import { formValidatorCompiler } from '../schema-compilers.js';
import * as schema from '../schemas/case-records.js';
import { sendSerialised } from '../serialise/bytes.js';

/**
 * Facts a guard needs, each with the reference of the document it rests on and optionally the
 * file, and the files themselves. Only officers record facts; facts carry valuations, so only
 * roles that may read valuations fetch their files.
 */
export function caseFactRoutes(app: Api, { db, config }: ApiDeps): void {
  app.post(
    '/api/cases/:id/documents',
    {
      config: access('POST /api/cases/:id/documents'),
      schema: schema.storeDocument,
      validatorCompiler: formValidatorCompiler,
    },
    async (request, reply) => {
      const file = await readFileForm(request, config.MAX_UPLOAD_BYTES, 'the document');
      const stored = await storeFactDocument(db, request.params.id, file, callerOf(request).name);
      return reply.status(201).send(stored);
    },
  );

  app.post(
    '/api/cases/:id/facts',
    { config: access('POST /api/cases/:id/facts'), schema: schema.recordFact },
    async (request) => {
      const caller = callerOf(request);
      const { fact, document, reason, version } = request.body;
      const now = new Date();
      const doc = document && {
        reference: document.reference,
        ...(document.sha256 ? { storedSha256: document.sha256 } : {}),
      };
      const input = { fact, ...(doc ? { document: doc } : {}), actor: caller.name, role: caller.role, reason };
      await recordFact(db, request.params.id, input, now, version);
      return casePage(db, request.params.id, now, caller.role);
    },
  );

  app.get(
    '/api/cases/:id/documents/:sha256',
    { config: access('GET /api/cases/:id/documents/:sha256'), schema: schema.caseDocument },
    async (request, reply) => {
      const found = await caseDocument(db, request.params.id, request.params.sha256);
      if (!found) throw new EstatesError('not_found', `case ${request.params.id} has no document with that sha256`);
      const name = found.filename.replace(/[^A-Za-z0-9._-]/g, '_');
      void reply.header('content-disposition', `attachment; filename="${name}"`);
      return sendSerialised(reply, 'application/octet-stream', found.bytes);
    },
  );
}
