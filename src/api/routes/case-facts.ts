import { casePage } from '../../cases/case-page.js';
import { recordFact } from '../../cases/facts.js';
import { caseDocument } from '../../db/case-documents.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import { safeFilename } from '../filename.js';
import * as schema from '../schemas/case-records.js';
import { sendSerialised } from '../serialise/bytes.js';

/** Base64 grows a file by a third: a 15 MB document fits. */
const FACT_BODY_LIMIT = 21 * 1024 * 1024;

/**
 * Facts a guard needs, each with the reference of the document it rests on and optionally the
 * file, and the files themselves. Only officers record facts; facts carry valuations, so only
 * roles that may read valuations fetch their files.
 */
export function caseFactRoutes(app: Api, { db }: ApiDeps): void {
  app.post(
    '/api/cases/:id/facts',
    { config: access('POST /api/cases/:id/facts'), schema: schema.recordFact, bodyLimit: FACT_BODY_LIMIT },
    async (request) => {
      const caller = callerOf(request);
      const { fact, document, reason, version } = request.body;
      const file = document?.file && {
        filename: safeFilename(document.file.filename),
        bytes: Buffer.from(document.file.contentBase64, 'base64'),
      };
      const now = new Date();
      const doc = document && { reference: document.reference, ...(file ? { file } : {}) };
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
