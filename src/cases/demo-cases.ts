import type { CaseFact, CaseStage } from '../domain/case-events.js';
import type { CaseRequest } from '../domain/case-workflow.js';
import { londonDate } from '../domain/working-days.js';
import { sitesInCases } from '../db/cases.js';
import type { Db } from '../db/connect.js';
import { rankedList, type RankedSiteRow } from '../db/ranking.js';
import { actOnCase, openCaseForSite } from './case-record.js';

/**
 * Demo cases: the top ten ranked sites get a case each, and some are walked through the
 * workflow with the facts each guard needs, back-dated so the stages have real ages. Only
 * the top ten are considered, and a site already in a case is left alone, so a second run
 * opens nothing.
 */

const DAY_MS = 86_400_000;
const OFFICER = { actor: 'demo estates officer', role: 'officer' as const };
const BOARD = { actor: 'London Estates Board', role: 'board' as const };
const TOP = 10;
/** Days back the first demo case was opened: enough for first refusal's 40 working days and planning. */
const HISTORY_DAYS = 420;

type Step = { afterDays: number; request: CaseRequest };

const fact = (f: CaseFact, afterDays = 7): Step => ({
  afterDays,
  request: { kind: 'record_fact', fact: f, ...OFFICER, reason: 'recorded for the demo' },
});
const move = (
  to: CaseStage,
  extra: Record<string, unknown> = {},
  afterDays = 14,
  who: typeof OFFICER | typeof BOARD = OFFICER,
): Step => ({
  afterDays,
  request: { kind: 'transition', to, ...who, reason: `demo: moved to ${to}`, ...extra } as CaseRequest,
});

function stepsTo(
  target: 'identified' | 'surplus_declared' | 'board_review' | 'first_refusal' | 'planning' | 'marketing' | 'deferred',
  site: RankedSiteRow,
  now: Date,
): Step[] {
  const steps: Step[] = [];
  const add = (...s: Step[]) => steps.push(...s);
  if (target === 'identified') return steps;
  if (target === 'deferred') {
    const until = londonDate(new Date(now.getTime() + 90 * DAY_MS));
    add(
      move(
        'deferred',
        { stallReason: { code: 'reprovision_not_ready', text: 'new hub not yet built' }, deferUntil: until },
        30,
      ),
    );
    return steps;
  }
  add(
    fact({ fact: 'commissioner_confirmation', commissioner: `${site.subRegion ?? 'London'} ICB` }),
    fact({ fact: 'reprovision_plan', summary: 'services move to the nearest health centre' }),
  );
  add(move('surplus_declared'));
  if (target === 'surplus_declared') return steps;
  add(move('board_review'));
  if (target === 'board_review') return steps;
  add(
    move('approved_for_disposal', { meetingId: 'LEB-DEMO-1' }, 21, BOARD),
    move('first_refusal', { epimsReference: `EPIMS-${site.siteId}` }, 7),
  );
  if (target === 'first_refusal') return steps;
  add(move('due_diligence', {}, 70));
  add(
    fact({ fact: 'title_report', summary: 'freehold, no restrictive covenants found' }),
    fact({ fact: 'planning_brief', summary: 'residential-led redevelopment' }),
    fact(
      {
        fact: 'valuation',
        marketValuePence: site.marketValuePence ?? 0,
        capacityHomes: site.homes ?? 0,
        valuedOn: londonDate(new Date(now.getTime() - 200 * DAY_MS)),
        basis: 'latest valuation run',
      },
      14,
    ),
  );
  add(move('planning', {}, 14));
  if (target === 'planning') return steps;
  add(
    fact(
      {
        fact: 'planning_outcome',
        outcome: 'outline_consent',
        reference: `DEMO/${site.siteId}/OUT`,
        homesPermitted: site.homes,
      },
      40,
    ),
    move('marketing', {}, 7),
  );
  return steps;
}

const PLAN = ['planning', 'board_review', 'surplus_declared', 'first_refusal', 'deferred', 'marketing'] as const;

export async function seedDemoCases(db: Db, now: Date): Promise<{ opened: number; moved: number }> {
  const { sites } = await rankedList(db, { top: TOP });
  const inCases = await sitesInCases(db);
  let opened = 0;
  let moved = 0;
  for (const [index, site] of sites.entries()) {
    if (inCases.has(site.siteId)) continue;
    const target = PLAN[opened] ?? 'identified';
    const steps = stepsTo(target, site, now);
    const totalDays = steps.reduce((s, x) => s + x.afterDays, 0);
    let at = new Date(now.getTime() - Math.max(HISTORY_DAYS, totalDays + 1) * DAY_MS + index * 3_600_000);
    const loaded = await openCaseForSite(
      db,
      { site: site.siteId, ...OFFICER, reason: `ranked ${site.rank} on the disposal list` },
      at,
    );
    opened += 1;
    for (const step of steps) {
      at = new Date(at.getTime() + step.afterDays * DAY_MS);
      await actOnCase(db, loaded.row.id, step.request, at);
      if (step.request.kind === 'transition') moved += 1;
    }
  }
  return { opened, moved };
}
