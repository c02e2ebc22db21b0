import { eachRejection, listRejections, rejectionColumns, uploadSummary } from '../../db/uploads.js';
import { REJECTION_LIMITS } from '../../domain/rejection-limits.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/uploads.js';
import { sendStreamed } from '../serialise/bytes.js';
import { rejectionReportLines } from '../serialise/rejections.js';

/**
 * An upload's rejected rows with every reason: JSON a page at a time, or the Excel-safe CSV
 * report officers open, streamed from the database a page at a time. Neither is built whole in
 * memory (six 32 MB answers at once stalled /healthz for 2.3 s).
 */
export function rejectionRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/api/uploads/:id/rejections',
    { config: access('GET /api/uploads/:id/rejections'), schema: schema.listRejections },
    async (request, reply) => {
      const upload = await uploadSummary(db, request.params.id);
      if (!upload) throw new EstatesError('not_found', `no upload ${request.params.id}`);
      const { format, limit, after } = request.query;
      if (format === 'json') {
        const rejections = await listRejections(db, upload.uploadId, limit, after);
        const last = rejections[rejections.length - 1];
        return {
          uploadId: upload.uploadId,
          filename: upload.filename,
          rejected: upload.rejected,
          kept: Math.min(upload.rejected, REJECTION_LIMITS.rowsKeptInFull),
          byCode: upload.rejectedByCode,
          rejections,
          nextAfter: rejections.length === limit && last ? last.row : null,
        };
      }
      const columns = await rejectionColumns(db, upload.uploadId);
      const name = `${upload.filename.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '_')}-rejections.csv`;
      const lines = rejectionReportLines(upload.filename, columns, eachRejection(db, upload.uploadId));
      void reply.header('content-disposition', `attachment; filename="${name}"`);
      return sendStreamed(reply, 'text/csv; charset=utf-8', lines);
    },
  );
}
