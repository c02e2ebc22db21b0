import type { DaysLost, Escalation } from '../domain/case-workflow.js';
import type { PortfolioForecast } from '../domain/forecast.js';
import type { OutcomeReport } from '../domain/outcomes.js';
import { PUBLISHED_CONDITION_SHARES } from '../domain/portfolio.js';
import { STALL_REASON_LABELS } from '../domain/stall-reasons.js';
import { londonDate } from '../domain/working-days.js';
import { activeValuationAssumptions } from '../db/assumptions.js';
import type { Executor } from '../db/connect.js';
import { portfolio, type Portfolio } from '../db/portfolio.js';
import type { RankedSiteRow } from '../db/ranking.js';
import { currentValuation, findSite } from '../db/valuations.js';
import { boardAgenda } from './board.js';
import { CASE_PAGE_FORECAST, listCases } from './case-page.js';
import { outcomesReport, pipelineReport, portfolioForecast } from './reports.js';

/**
 * Everything the Board pack prints for a meeting, in one answer: the agenda (new candidates with their
 * reasons and valuation ranges, cases awaiting a decision, overdue stages with why and how long), the
 * forecast against the 5–10 year baseline, the estate's condition against the published shares, and the
 * outcomes so far. The web UI draws it (web/js/pack/view.js) and the PDF is that page printed.
 */

export interface ValuationRange {
  /** The lowest and highest market value over the ±10% sales × build grid. */
  lowPence: number;
  highPence: number;
}

export type PackCandidate = RankedSiteRow & { valuationRange: ValuationRange | null };

export interface PackCase {
  caseId: number;
  siteId: number;
  siteRef: string | null;
  siteName: string | null;
}

export interface BoardPack {
  meetingDate: string;
  /** When the pack was made (ISO instant); the forecast and outcomes are as of then. */
  preparedAt: string;
  assumptionSet: { id: string; effectiveFrom: string };
  newCandidates: PackCandidate[];
  awaitingDecision: Array<PackCase & { since: string | null }>;
  overdue: Array<PackCase & Omit<Escalation, 'caseId'> & { stallReasonLabel: string | null }>;
  daysLost: Array<DaysLost & { label: string }>;
  forecast: PortfolioForecast & { asOf: string; seed: number; draws: number };
  portfolio: Portfolio & { published: typeof PUBLISHED_CONDITION_SHARES };
  outcomes: Omit<OutcomeReport, 'cases'> & { cases: Array<OutcomeReport['cases'][number] & PackCase> };
}

async function valuationRange(db: Executor, site: RankedSiteRow): Promise<ValuationRange | null> {
  const valuation = await currentValuation(db, await findSite(db, String(site.siteId)));
  const values = (valuation?.sensitivity ?? []).map((cell) => cell.marketValuePence);
  return values.length === 0 ? null : { lowPence: Math.min(...values), highPence: Math.max(...values) };
}

const labelOf = (code: string): string =>
  code === 'unexplained' ? 'Not explained' : (STALL_REASON_LABELS[code as keyof typeof STALL_REASON_LABELS] ?? code);

export async function boardPack(
  db: Executor,
  meetingDate: string,
  options: { top: number; now: Date },
): Promise<BoardPack> {
  const agenda = await boardAgenda(db, meetingDate, options.top);
  // Judged as the agenda is, at midday on the meeting date, so overdue days and days lost agree with it.
  const meeting = new Date(`${meetingDate}T12:00:00Z`);
  const [cases, pipeline, forecast, condition, outcomes, set] = await Promise.all([
    listCases(db, {}, meeting),
    pipelineReport(db, meeting),
    portfolioForecast(db, options.now, CASE_PAGE_FORECAST),
    portfolio(db),
    outcomesReport(db),
    activeValuationAssumptions(db, options.now),
  ]);
  const caseOf = new Map(cases.map((c) => [c.caseId, c]));
  const site = (caseId: number, siteId: number): PackCase => ({
    caseId,
    siteId,
    siteRef: caseOf.get(caseId)?.siteRef ?? null,
    siteName: caseOf.get(caseId)?.siteName ?? null,
  });
  const newCandidates: PackCandidate[] = [];
  for (const candidate of agenda.newCandidates)
    newCandidates.push({ ...candidate, valuationRange: await valuationRange(db, candidate) });
  return {
    meetingDate,
    preparedAt: options.now.toISOString(),
    assumptionSet: { id: set.id, effectiveFrom: set.effectiveFrom },
    newCandidates,
    awaitingDecision: agenda.awaitingDecision.map((c) => ({ ...site(c.caseId, c.siteId), since: c.since })),
    overdue: agenda.overdue.map((o) => ({
      ...o,
      ...site(o.caseId, caseOf.get(o.caseId)?.siteId ?? 0),
      stallReasonLabel: o.stallReason ? labelOf(o.stallReason.code) : null,
    })),
    daysLost: pipeline.daysLost.map((d) => ({ ...d, label: labelOf(d.reason) })),
    forecast: { asOf: londonDate(options.now), ...CASE_PAGE_FORECAST, ...forecast },
    portfolio: {
      ...condition,
      published: PUBLISHED_CONDITION_SHARES,
    },
    outcomes: { ...outcomes, cases: outcomes.cases.map((o) => ({ ...o, ...site(o.caseId, o.siteId) })) },
  };
}
