import { DEFAULT_FORECAST_ASSUMPTIONS } from '../../../src/domain/assumptions/forecast.js';
import type { CaseEvent } from '../../../src/domain/case-events.js';
import { drawCasePath } from '../../../src/domain/case-paths.js';
import { applyTransition, openCase } from '../../../src/domain/case-workflow.js';
import { buildForecastModel } from '../../../src/domain/forecast-model.js';
import { seedFor, seededRandom } from '../../../src/domain/random.js';
import { stageHistory } from '../../../src/domain/stage-history.js';
import { dayNumber, fromDayNumber, type IsoDate } from '../../../src/domain/working-days.js';
import { demoCaseHistory, demoOpenedAt } from '../../../src/demo/case-history.js';
import { must } from './case-fixtures.js';

/**
 * Cases whose whole history is drawn from the forecast's default risks, the way the demo makes
 * its own, recorded through the real workflow up to `today`: the events each would have.
 */
export function drawnCaseEvents(count: number, today: IsoDate, seed: number, spanDays = 3_652): CaseEvent[][] {
  const model = buildForecastModel({ history: stageHistory([], today), assumptions: DEFAULT_FORECAST_ASSUMPTIONS });
  return Array.from({ length: count }, (_, i) => {
    const caseId = i + 1;
    const random = seededRandom(seedFor(seed, caseId));
    const openedOn = fromDayNumber(dayNumber(today) - Math.round(30 + ((i + random.next()) * spanDays) / count));
    let verdict = must(
      openCase(
        { caseId, siteId: 1000 + caseId, actor: 'demo', role: 'officer', reason: 'ranked' },
        demoOpenedAt(openedOn),
      ),
    );
    const events = [verdict.event];
    const site = { siteId: 1000 + caseId, subRegion: 'NCL', marketValuePence: 500_000_000, homes: 50 };
    for (const { at, request } of demoCaseHistory(site, drawCasePath(model, openedOn, random), today, random)) {
      verdict = must(applyTransition(verdict.state, request, at));
      events.push(verdict.event);
    }
    return events;
  });
}
