import { loadOutcomes } from '../../cases/outcomes.js';
import { outcomesReport } from '../../cases/reports.js';
import { access } from '../access.js';
import { logConfidentialRead } from '../confidential.js';
import { callerOf } from '../auth.js';
import type { Api, ApiDeps } from '../deps.js';
import { readFileForm } from '../multipart.js';
import { formValidatorCompiler } from '../schema-compilers.js';
import * as schema from '../schemas/outcomes.js';

/** Outcomes after sale: the report, and a CSV of totals loaded as `estates outcomes load` does. */
export function outcomeRoutes(app: Api, { db, config }: ApiDeps): void {
  app.get('/api/outcomes', { config: access('GET /api/outcomes'), schema: schema.outcomes }, async (request) => {
    const report = await outcomesReport(db);
    await logConfidentialRead(
      db,
      request,
      'outcomes',
      report.cases.map((c) => c.siteId),
    );
    return report;
  });

  app.post(
    '/api/outcomes/uploads',
    {
      config: access('POST /api/outcomes/uploads'),
      schema: schema.loadOutcomes,
      validatorCompiler: formValidatorCompiler,
    },
    async (request) => {
      const caller = callerOf(request);
      const file = await readFileForm(request, config.MAX_UPLOAD_BYTES, 'the CSV or XLSX');
      return loadOutcomes(db, file, { actor: caller.name, role: caller.role }, new Date());
    },
  );
}
