import { exportFile, exportFileName, EXPORT_CONTENT_TYPE, type ExportFormat } from '../../export/files.js';
import { loadExportTable } from '../../export/load.js';
import type { ExportKind } from '../../export/tables.js';
import { londonDate } from '../../domain/working-days.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import { logConfidentialRead } from '../confidential.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/exports.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExportFilter } from '../../export/load.js';

const FORMATS = ['csv', 'xlsx'] as const satisfies readonly ExportFormat[];

/**
 * The ranked list, the pipeline and the outcomes as files for Excel. Each is made for the caller's role
 * (tables.ts leaves confidential columns out for housing) and never stored by a browser or proxy.
 */
export function exportRoutes(app: Api, { db }: ApiDeps): void {
  const send = async (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: ExportKind,
    format: ExportFormat,
    filter?: ExportFilter,
  ) => {
    const now = new Date();
    const table = await loadExportTable(db, kind, { role: callerOf(request).role, now, filter });
    const bytes = await exportFile(table, format);
    const siteColumn = table.header.indexOf('siteId');
    await logConfidentialRead(
      db,
      request,
      'export',
      table.rows.flatMap((row) => (typeof row[siteColumn] === 'number' ? [row[siteColumn]] : [])),
    );
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${exportFileName(table, format, londonDate(now))}"`)
      .type(EXPORT_CONTENT_TYPE[format])
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  for (const format of FORMATS) {
    app.get(
      `/api/ranked.${format}`,
      { config: access(`GET /api/ranked.${format}` as const), schema: schema.rankedExport(format) },
      async (request, reply) => {
        const q = request.query;
        const filter = { borough: q.borough, subRegion: q.subRegion, conditionClass: q.class, minScore: q.minScore };
        return send(request, reply, 'ranked', format, filter);
      },
    );
    app.get(
      `/api/pipeline.${format}`,
      { config: access(`GET /api/pipeline.${format}` as const), schema: schema.pipelineExport(format) },
      async (request, reply) => send(request, reply, 'pipeline', format),
    );
    app.get(
      `/api/outcomes.${format}`,
      { config: access(`GET /api/outcomes.${format}` as const), schema: schema.outcomesExport(format) },
      async (request, reply) => send(request, reply, 'outcomes', format),
    );
  }
}
