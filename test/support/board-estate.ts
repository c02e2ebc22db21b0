import { sql } from 'kysely';
import { listCaseRows } from '../../src/db/cases.js';
import { seedDemoCases } from '../../src/cases/demo-cases.js';
import { loadOutcomes } from '../../src/cases/outcomes.js';
import { recordBoardDecision } from '../../src/cases/board.js';
import { actOnCase, openCaseForSite } from '../../src/cases/case-record.js';
import type { CaseRequest } from '../../src/domain/case-workflow.js';
import { demoCasePlanner } from '../../src/demo/case-history.js';
import { seedRankedSites, type RankedSite } from '../integration/workflow/seed.js';
import type { TestDatabase } from './database.js';

/** Names a spreadsheet would run as formulas if written as they are, and one a page must not run as HTML. */
export const HOSTILE_NAMES = ['=HYPERLINK("http://x","y")', '+SUM(A1)', '-2+3', '@cmd', '\tTabbed', '\rReturn'];
export const SCRIPT_SITE_NAME = '<img src=x onerror=alert(1)> Script Clinic';

export interface BoardEstate {
  sites: RankedSite[];
  /** The completed case whose outcome was loaded: 60 permitted, 50 started, 40 completed, £5.1m receipt. */
  soldSiteRef: string;
  /** A case in Board review for 40 days, on site 25 (named with markup). */
  reviewCaseId: number;
  /** A case approved for disposal 120 days ago and still there (overdue), explained as a planning delay; site 26. */
  stalledCaseId: number;
}

/**
 * 30 ranked sites (the first six with hostile names, the 25th, whose case awaits the Board, with markup), the demo's case histories on
 * the top 20 drawn from the forecast's risks up to `now`, and one completed case's outcome loaded through
 * the real outcomes CSV: everything the exports and the Board pack read.
 */
export async function seedBoardEstate(t: TestDatabase, now: Date): Promise<BoardEstate> {
  const sites = await seedRankedSites(t, 30);
  for (const [i, name] of HOSTILE_NAMES.entries())
    await sql`UPDATE sites SET name = ${name} WHERE id = ${sites[i]!.siteId}`.execute(t.db);
  await sql`UPDATE sites SET name = ${SCRIPT_SITE_NAME} WHERE id = ${sites[24]!.siteId}`.execute(t.db);
  await seedDemoCases(t.db, { plan: demoCasePlanner(now, 2017), cases: 20 });
  const sold = (await listCaseRows(t.db)).find((c) => c.stage === 'completed');
  if (!sold) throw new Error('the demo planner completed no case: pick another seed');
  const csv = `site_ref,homes_permitted,homes_started,homes_completed,receipt_pence,reinvested_primary_care_pence,reinvested_community_care_pence,reinvested_other_pence\n${sold.siteRef},60,50,40,510000000,100000000,,\n`;
  const file = { bytes: new TextEncoder().encode(csv), filename: 'outcomes.csv' };
  const loaded = await loadOutcomes(t.db, file, { actor: 'test', role: 'officer' }, now);
  if (loaded.events === 0) throw new Error(`the outcome was not recorded: ${JSON.stringify(loaded.problems)}`);
  const officer = { actor: 'seed-officer', role: 'officer' as const, reason: 'on file' };
  const toBoardReview = async (siteIndex: number, at: Date): Promise<number> => {
    const { row } = await openCaseForSite(t.db, { site: sites[siteIndex]!.siteId, ...officer }, at);
    const act = (request: CaseRequest) => actOnCase(t.db, row.id, request, at);
    await act({
      ...officer,
      kind: 'record_fact',
      fact: { fact: 'commissioner_confirmation', commissioner: 'NWL ICB' },
    });
    await act({
      ...officer,
      kind: 'record_fact',
      fact: { fact: 'reprovision_plan', summary: 'services move to the hub' },
    });
    await act({ ...officer, kind: 'transition', to: 'surplus_declared' });
    await act({ ...officer, kind: 'transition', to: 'board_review' });
    return row.id;
  };
  const reviewCaseId = await toBoardReview(24, new Date(now.getTime() - 40 * 86_400_000));
  // Approved 120 days ago and never moved on: its 10 working days in approved_for_disposal are long gone.
  const longAgo = new Date(now.getTime() - 120 * 86_400_000);
  const stalledCaseId = await toBoardReview(25, longAgo);
  const decision = { meetingId: 'LEB-SEED-1', decision: 'approve', actor: 'seed-board', reason: 'approved' } as const;
  await recordBoardDecision(t.db, { caseId: stalledCaseId, ...decision }, longAgo);
  await actOnCase(
    t.db,
    stalledCaseId,
    { ...officer, kind: 'explain_delay', stallReason: { code: 'planning_delay', text: 'awaiting the borough' } },
    now,
  );
  // Each valuation's ±10% grid as a stored valuation without its input carries it (valuation-record.ts).
  await sql`UPDATE valuations SET working = jsonb_build_object('sensitivity', jsonb_build_array(
              jsonb_build_object('marketValuePence', round(market_value_pence * 0.9)),
              jsonb_build_object('marketValuePence', market_value_pence),
              jsonb_build_object('marketValuePence', round(market_value_pence * 1.1))))`.execute(t.db);
  return { sites, soldSiteRef: sold.siteRef, reviewCaseId, stalledCaseId };
}
