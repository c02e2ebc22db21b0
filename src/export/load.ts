import { listCases } from '../cases/case-page.js';
import { outcomesReport, pipelineReport } from '../cases/reports.js';
import type { Executor } from '../db/connect.js';
import { activeValuationAssumptions } from '../db/assumptions.js';
import { rankedList, type RankedFilter } from '../db/ranking.js';
import type { Role } from '../domain/roles.js';
import {
  type ExportContext,
  type ExportKind,
  type ExportTable,
  outcomesTable,
  pipelineTable,
  rankedTable,
} from './tables.js';

/** Every ranked site matching the filter: an export is the whole list, not a page of it. */
const WHOLE_LIST = 10_000_000;

export type ExportFilter = Omit<RankedFilter, 'top' | 'offset'>;

/** Reads what a table holds, for the caller's role, as it stands at `now`. */
export async function loadExportTable(
  db: Executor,
  kind: ExportKind,
  options: { role: Role; now: Date; filter?: ExportFilter },
): Promise<ExportTable> {
  const set = await activeValuationAssumptions(db, options.now);
  const ctx: ExportContext = {
    role: options.role,
    assumptionSet: { id: set.id, effectiveFrom: set.effectiveFrom },
    exportedAt: options.now.toISOString(),
    filters: kind === 'ranked' ? { ...options.filter } : {},
  };
  if (kind === 'ranked') {
    const { sites } = await rankedList(db, { ...options.filter, top: WHOLE_LIST });
    return rankedTable(sites, ctx);
  }
  const cases = await listCases(db, {}, options.now);
  if (kind === 'pipeline') {
    const { overdue } = await pipelineReport(db, options.now);
    const overdueOf = new Map(overdue.map((o) => [o.caseId, o]));
    return pipelineTable(
      cases.map((c) => ({ ...c, overdue: overdueOf.get(c.caseId) ?? null })),
      ctx,
    );
  }
  const caseOf = new Map(cases.map((c) => [c.caseId, c]));
  const { cases: outcomes } = await outcomesReport(db);
  const rows = outcomes.map((o) => ({
    ...o,
    siteRef: caseOf.get(o.caseId)?.siteRef ?? null,
    siteName: caseOf.get(o.caseId)?.siteName ?? null,
  }));
  return outcomesTable(rows, ctx);
}
