import type { FastifyRequest } from 'fastify';
import { loadOutcomesCsv } from '../../cases/outcomes.js';
import { outcomesReport } from '../../cases/reports.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/outcomes.js';

/** The one file of a multipart form, sent as "file". */
async function readCsvFile(request: FastifyRequest, maxBytes: number): Promise<string> {
  if (!request.isMultipart()) throw new EstatesError('bad_input', 'send multipart/form-data with the CSV as "file"');
  let csv: string | undefined;
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 0 } })) {
    if (part.type !== 'file' || part.fieldname !== 'file')
      throw new EstatesError('bad_input', `unexpected field "${part.fieldname}"; send the CSV as "file"`);
    csv = (await part.toBuffer()).toString('utf8');
  }
  if (csv === undefined) throw new EstatesError('bad_input', 'field "file" is missing');
  return csv;
}

/** Outcomes after sale: the report, and a CSV of totals loaded as `estates outcomes load` does. */
export function outcomeRoutes(app: Api, { db, config }: ApiDeps): void {
  app.get('/api/outcomes', { config: access('GET /api/outcomes'), schema: schema.outcomes }, async () =>
    outcomesReport(db),
  );

  app.post(
    '/api/outcomes/uploads',
    { config: access('POST /api/outcomes/uploads'), schema: schema.loadOutcomes, validatorCompiler: () => () => true },
    async (request) => {
      const caller = callerOf(request);
      const csv = await readCsvFile(request, config.MAX_UPLOAD_BYTES);
      return loadOutcomesCsv(db, csv, { actor: caller.name, role: caller.role }, new Date());
    },
  );
}
