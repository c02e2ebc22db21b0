import { listRejections, uploadSummary } from '../../db/uploads.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/uploads.js';
import { sendSerialised } from '../serialise/bytes.js';
import { rejectionReportCsv } from '../serialise/rejections.js';

/** An upload's rejected rows with every reason: JSON, or the Excel-safe CSV report officers open. */
export function rejectionRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/api/uploads/:id/rejections',
    { config: access('GET /api/uploads/:id/rejections'), schema: schema.listRejections },
    async (request, reply) => {
      const upload = await uploadSummary(db, request.params.id);
      if (!upload) throw new EstatesError('not_found', `no upload ${request.params.id}`);
      const rejections = await listRejections(db, upload.uploadId);
      if (request.query.format === 'json') return { uploadId: upload.uploadId, filename: upload.filename, rejections };
      const name = `${upload.filename.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '_')}-rejections.csv`;
      void reply.header('content-disposition', `attachment; filename="${name}"`);
      return sendSerialised(reply, 'text/csv; charset=utf-8', rejectionReportCsv(upload.filename, rejections));
    },
  );
}
