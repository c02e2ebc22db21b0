import type { CaseListEntry } from '../cases/case-page.js';
import type { RankedSiteRow } from '../db/ranking.js';
import type { Escalation } from '../domain/case-workflow.js';
import type { CaseOutcomeRow } from '../domain/outcomes.js';
import { CASE_STATUS_FIELDS, mayReadValuations, type Role } from '../domain/roles.js';
import { penceToWholePounds } from '../domain/valuation.js';

/**
 * The tables the Board takes into Excel: the ranked list, the pipeline and the outcomes, one row per site or
 * case, as CSV and XLSX alike (files.ts). Column keys are the JSON keys of the same figures (money in whole
 * pounds, `…Pounds`) and are public: keep them stable. A confidential column (a valuation, a receipt, a
 * case's record beyond its status: `roles.ts`) is left out for a role that may not read valuations, and so
 * is the valuation assumption set, which is confidential too.
 */

export type ExportCell = string | number | null;
export type ExportKind = 'ranked' | 'pipeline' | 'outcomes';

interface Column<Row> {
  key: string;
  value: (row: Row) => ExportCell;
  confidential?: true;
}

export interface AssumptionSetLabel {
  id: string;
  effectiveFrom: string;
}

export interface ExportTable {
  kind: ExportKind;
  /** The sheet's name and the file's stem. */
  title: string;
  header: string[];
  rows: ExportCell[][];
  /** What the file is: shown on the XLSX's "About" sheet (the CSV carries the assumption set on every row). */
  about: Array<[string, string]>;
}

const pounds = (pence: number | null): number | null => (pence === null ? null : penceToWholePounds(pence));
const ratio = (value: number | null): number | null => (value === null ? null : Math.round(value * 10_000) / 10_000);

const RANKED_COLUMNS: Column<RankedSiteRow>[] = [
  { key: 'rank', value: (s) => s.rank },
  { key: 'siteId', value: (s) => s.siteId },
  { key: 'source', value: (s) => s.source },
  { key: 'sourceRef', value: (s) => s.sourceRef },
  { key: 'name', value: (s) => s.name },
  { key: 'borough', value: (s) => s.boroughGss },
  { key: 'boroughName', value: (s) => s.boroughName },
  { key: 'subRegion', value: (s) => s.subRegion },
  { key: 'tenure', value: (s) => s.tenure },
  { key: 'siteAreaHa', value: (s) => s.siteAreaHa },
  { key: 'route', value: (s) => s.route },
  { key: 'priority', value: (s) => s.priority },
  { key: 'conditionClass', value: (s) => s.conditionClass },
  { key: 'conditionScore', value: (s) => s.conditionScore },
  { key: 'surplusScore', value: (s) => s.surplusScore },
  { key: 'reasons', value: (s) => s.reasons.join('; ') },
  { key: 'homes', value: (s) => s.homes },
  { key: 'marketValuePounds', value: (s) => pounds(s.marketValuePence), confidential: true },
  { key: 'netReceiptPounds', value: (s) => pounds(s.netReceiptPence), confidential: true },
];

/** A case in the pipeline with the stage it is in, its deadline and, when overdue, by how much and why. */
export interface PipelineRow extends CaseListEntry {
  overdue: Escalation | null;
}

const STATUS_FIELDS: readonly string[] = CASE_STATUS_FIELDS;
const pipelineColumn = (key: string, value: Column<PipelineRow>['value']): Column<PipelineRow> =>
  STATUS_FIELDS.includes(key) ? { key, value } : { key, value, confidential: true };

const PIPELINE_COLUMNS: Column<PipelineRow>[] = [
  pipelineColumn('caseId', (c) => c.caseId),
  pipelineColumn('siteId', (c) => c.siteId),
  pipelineColumn('siteRef', (c) => c.siteRef),
  pipelineColumn('siteName', (c) => c.siteName),
  pipelineColumn('stage', (c) => c.stage),
  pipelineColumn('openedAt', (c) => c.openedAt),
  pipelineColumn('closedAt', (c) => c.closedAt),
  pipelineColumn('version', (c) => c.version),
  pipelineColumn('deadline', (c) => c.deadline),
  pipelineColumn('workingDaysOverdue', (c) => c.overdue?.workingDaysOverdue ?? null),
  pipelineColumn('stallReason', (c) => c.overdue?.stallReason?.code ?? null),
  pipelineColumn('stallText', (c) => c.overdue?.stallReason?.text ?? null),
];

/** A case's outcome with the site it sold. */
export interface OutcomeExportRow extends CaseOutcomeRow {
  siteRef: string | null;
  siteName: string | null;
}

const OUTCOME_COLUMNS: Column<OutcomeExportRow>[] = [
  { key: 'caseId', value: (o) => o.caseId },
  { key: 'siteId', value: (o) => o.siteId },
  { key: 'siteRef', value: (o) => o.siteRef },
  { key: 'siteName', value: (o) => o.siteName },
  { key: 'capacityHomes', value: (o) => o.capacityHomes },
  { key: 'homesPermitted', value: (o) => o.homesPermitted },
  { key: 'homesStarted', value: (o) => o.homesStarted },
  { key: 'homesCompleted', value: (o) => o.homesCompleted },
  { key: 'homesCompletedShareOfCapacity', value: (o) => ratio(o.homesCompletedShareOfCapacity) },
  { key: 'valuationPounds', value: (o) => pounds(o.valuationPence), confidential: true },
  { key: 'receiptPounds', value: (o) => pounds(o.receiptPence), confidential: true },
  { key: 'receiptToValuation', value: (o) => ratio(o.receiptToValuation), confidential: true },
  {
    key: 'reinvestedPrimaryCarePounds',
    value: (o) => pounds(o.reinvestedPence.primary_care),
    confidential: true,
  },
  {
    key: 'reinvestedCommunityCarePounds',
    value: (o) => pounds(o.reinvestedPence.community_care),
    confidential: true,
  },
  { key: 'reinvestedOtherPounds', value: (o) => pounds(o.reinvestedPence.other), confidential: true },
  { key: 'unallocatedPounds', value: (o) => pounds(o.unallocatedPence), confidential: true },
];

const TITLES: Record<ExportKind, string> = { ranked: 'Ranked sites', pipeline: 'Pipeline', outcomes: 'Outcomes' };

export interface ExportContext {
  role: Role;
  assumptionSet: AssumptionSetLabel;
  /** When the file was made (ISO instant). */
  exportedAt: string;
  /** The filters the rows were chosen by, as the caller gave them. */
  filters: Record<string, string | number | undefined>;
}

function tableOf<Row>(kind: ExportKind, columns: Column<Row>[], rows: readonly Row[], ctx: ExportContext): ExportTable {
  const confidential = mayReadValuations(ctx.role);
  const shown = columns.filter((c) => confidential || !c.confidential);
  const set = ctx.assumptionSet;
  const header = [...shown.map((c) => c.key), ...(confidential ? ['assumptionSet', 'assumptionSetEffectiveFrom'] : [])];
  const filters = Object.entries(ctx.filters)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return {
    kind,
    title: TITLES[kind],
    header,
    rows: rows.map((row) => [...shown.map((c) => c.value(row)), ...(confidential ? [set.id, set.effectiveFrom] : [])]),
    about: [
      ['Export', TITLES[kind]],
      ['Exported at', ctx.exportedAt],
      ['For role', ctx.role],
      ['Filters', filters || 'none'],
      ['Rows', String(rows.length)],
      ...(confidential
        ? ([
            ['Valuation assumption set', set.id],
            ['Assumption set effective from', set.effectiveFrom],
          ] as Array<[string, string]>)
        : ([['Confidential columns', 'left out for this role']] as Array<[string, string]>)),
    ],
  };
}

export const rankedTable = (rows: readonly RankedSiteRow[], ctx: ExportContext): ExportTable =>
  tableOf('ranked', RANKED_COLUMNS, rows, ctx);
export const pipelineTable = (rows: readonly PipelineRow[], ctx: ExportContext): ExportTable =>
  tableOf('pipeline', PIPELINE_COLUMNS, rows, ctx);
export const outcomesTable = (rows: readonly OutcomeExportRow[], ctx: ExportContext): ExportTable =>
  tableOf('outcomes', OUTCOME_COLUMNS, rows, ctx);
