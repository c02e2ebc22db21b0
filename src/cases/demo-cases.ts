import type { CaseRequest } from '../domain/case-workflow.js';
import { sitesInCases } from '../db/cases.js';
import type { Db } from '../db/connect.js';
import { rankedList, type RankedSiteRow } from '../db/ranking.js';
import { appendToCase, openCaseForSite } from './case-record.js';

/**
 * Demo cases: the top-ranked sites get a case each, opened and walked as the planner says
 * (the demo's planner, src/demo/case-history.ts, draws ten years of history from the
 * forecast's own default risks). A site already in a case is left alone, so a second run opens
 * nothing.
 */

export interface DemoCasePlan {
  openedAt: Date;
  events: ReadonlyArray<{ at: Date; request: CaseRequest }>;
}

/** The history of the `index`-th of `count` demo cases, on its site. */
export type DemoCasePlanner = (site: RankedSiteRow, place: { index: number; count: number }) => DemoCasePlan;

const OFFICER = { actor: 'demo estates officer', role: 'officer' as const };

export async function seedDemoCases(
  db: Db,
  { plan, cases = 60 }: { plan: DemoCasePlanner; cases?: number },
): Promise<{ opened: number; moved: number }> {
  const { sites } = await rankedList(db, { top: cases });
  const inCases = await sitesInCases(db);
  let opened = 0;
  let moved = 0;
  for (const [index, site] of sites.entries()) {
    if (inCases.has(site.siteId)) continue;
    const planned = plan(site, { index, count: cases });
    const first = await openCaseForSite(
      db,
      { site: site.siteId, ...OFFICER, reason: `ranked ${site.rank} on the disposal list` },
      planned.openedAt,
    );
    opened += 1;
    // One transaction per case, carrying the case forward instead of reloading it for each event.
    await db.transaction().execute(async (trx) => {
      let loaded = first;
      for (const { at, request } of planned.events) {
        loaded = await appendToCase(trx, loaded, request, at);
        if (request.kind === 'transition') moved += 1;
      }
    });
  }
  return { opened, moved };
}
