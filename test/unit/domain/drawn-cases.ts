import type { CaseEvent } from '../../../src/domain/case-events.js';
import { applyTransition, openCase } from '../../../src/domain/case-workflow.js';
import type { IsoDate } from '../../../src/domain/working-days.js';
import { demoCaseModel, planDemoCase } from '../../../src/demo/case-history.js';
import { must } from './case-fixtures.js';

/**
 * Cases whose whole history is drawn from the forecast's default risks, as the demo draws its
 * own, recorded through the real workflow up to `today`: the events each would have.
 */
export function drawnCaseEvents(count: number, today: IsoDate, seed: number): CaseEvent[][] {
  const model = demoCaseModel(today);
  return Array.from({ length: count }, (_, index) => {
    const caseId = index + 1;
    const site = { siteId: 1000 + caseId, subRegion: 'NCL', marketValuePence: 500_000_000, homes: 50 };
    const plan = planDemoCase(site, { index, count }, today, seed, model);
    let verdict = must(
      openCase({ caseId, siteId: site.siteId, actor: 'demo', role: 'officer', reason: 'ranked' }, plan.openedAt),
    );
    const events = [verdict.event];
    for (const { at, request } of plan.events) {
      verdict = must(applyTransition(verdict.state, request, at));
      events.push(verdict.event);
    }
    return events;
  });
}
