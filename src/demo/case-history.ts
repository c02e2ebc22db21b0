import { DEFAULT_FORECAST_ASSUMPTIONS } from '../domain/assumptions/forecast.js';
import type { CaseFact, CaseStage, PathStage } from '../domain/case-events.js';
import type { CaseRequest } from '../domain/case-workflow.js';
import { drawCasePath, type PathMove } from '../domain/case-paths.js';
import { buildForecastModel, type ForecastModel } from '../domain/forecast-model.js';
import { seedFor, seededRandom, type Random } from '../domain/random.js';
import type { Role } from '../domain/roles.js';
import type { StallReasonCode } from '../domain/stall-reasons.js';
import { stageHistory } from '../domain/stage-history.js';
import { dayNumber, fromDayNumber, londonDate, type IsoDate } from '../domain/working-days.js';

/**
 * A demo case's record: the moves its drawn path makes up to today, each preceded by the facts
 * its guard needs, as the officer and the Board would record them. Moves from today on have not
 * happened yet, so the case stands wherever today finds it. Opened at 09:00 on its first day.
 */

export interface DemoCaseSite {
  siteId: number;
  subRegion: string | null;
  marketValuePence: number | null;
  homes: number | null;
}

export interface DemoCaseEvent {
  at: Date;
  request: CaseRequest;
}

const OFFICER = { actor: 'demo estates officer', role: 'officer' as Role };
const BOARD = { actor: 'London Estates Board', role: 'board' as Role };

/** Why a demo case stalls, by the stage it stalls in: the causes MHCLG gave the NAO, where they fit. */
const STALL_REASONS: Readonly<Record<PathStage, readonly StallReasonCode[]>> = {
  identified: ['reprovision_not_ready', 'clinical_use'],
  surplus_declared: ['clinical_use', 'reprovision_not_ready'],
  board_review: ['reprovision_not_ready', 'land_not_controlled'],
  approved_for_disposal: ['land_not_controlled', 'title_or_covenant'],
  first_refusal: ['land_not_controlled', 'title_or_covenant'],
  due_diligence: ['title_or_covenant', 'abnormal_costs', 'land_not_controlled'],
  planning: ['planning_delay'],
  marketing: ['market_conditions', 'abnormal_costs'],
  sale_agreed: ['market_conditions'],
};

function factsBefore(move: PathMove, site: DemoCaseSite): CaseFact[] {
  // A case coming back from a deferral already has its facts.
  if (move.to === move.from) return [];
  if (move.to === 'surplus_declared')
    return [
      { fact: 'commissioner_confirmation', commissioner: `${site.subRegion ?? 'London'} ICB` },
      { fact: 'reprovision_plan', summary: 'services move to the nearest health centre' },
    ];
  if (move.to === 'planning')
    return [
      { fact: 'title_report', summary: 'freehold, no restrictive covenants found' },
      { fact: 'planning_brief', summary: 'residential-led redevelopment' },
      {
        fact: 'valuation',
        marketValuePence: site.marketValuePence ?? 0,
        capacityHomes: site.homes ?? 0,
        valuedOn: move.on,
        basis: 'latest valuation run',
      },
    ];
  if (move.to === 'marketing')
    return [
      {
        fact: 'planning_outcome',
        outcome: 'outline_consent',
        reference: `DEMO/${site.siteId}/OUT`,
        homesPermitted: site.homes,
      },
    ];
  if (move.to === 'sale_agreed')
    return [
      {
        fact: 'sale_agreement',
        buyer: 'Demo Homes Ltd',
        pricePence: site.marketValuePence ?? 0,
        publicBody: false,
      },
    ];
  return [];
}

function transition(move: PathMove, site: DemoCaseSite, random: Random): CaseRequest {
  const to: CaseStage = move.to;
  const stalls = to === 'deferred' || to === 'withdrawn';
  const reasons = STALL_REASONS[move.from];
  const code = reasons[Math.floor(random.next() * reasons.length)] ?? 'other';
  const board = move.from === 'board_review' && to !== 'withdrawn';
  return {
    kind: 'transition',
    to,
    ...(board ? BOARD : OFFICER),
    reason: `demo: ${move.from} → ${to}`,
    ...(board ? { meetingId: `LEB-${move.on.slice(0, 7)}` } : {}),
    ...(to === 'first_refusal' ? { epimsReference: `EPIMS-${site.siteId}` } : {}),
    ...(stalls ? { stallReason: { code } } : {}),
    ...(move.until ? { deferUntil: move.until } : {}),
  };
}

/** The instant a demo case is opened: before anything else on its first day. */
export const demoOpenedAt = (openedOn: IsoDate): Date => new Date(`${openedOn}T09:00:00Z`);

export function demoCaseHistory(
  site: DemoCaseSite,
  path: readonly PathMove[],
  today: IsoDate,
  random: Random,
): DemoCaseEvent[] {
  const events: DemoCaseEvent[] = [];
  const minutesOn = new Map<IsoDate, number>();
  // Events of one day ten minutes apart from ten in the morning (UTC), so they keep their order.
  const at = (on: IsoDate): Date => {
    const n = minutesOn.get(on) ?? 0;
    minutesOn.set(on, n + 10);
    return new Date(Date.parse(`${on}T10:00:00Z`) + n * 60_000);
  };
  for (const move of path) {
    // Only what happened before today: nothing on record may be later than now.
    if (move.on >= today) break;
    for (const fact of factsBefore(move, site))
      events.push({
        at: at(move.on),
        request: { kind: 'record_fact', fact, ...OFFICER, reason: 'recorded for the demo' },
      });
    events.push({ at: at(move.on), request: transition(move, site, random) });
  }
  return events;
}

/** The forecast's default risks with no history: the process the demo's cases are drawn from. */
export const demoCaseModel = (today: IsoDate): ForecastModel =>
  buildForecastModel({ history: stageHistory([], today), assumptions: DEFAULT_FORECAST_ASSUMPTIONS });

export interface DemoCasePlan {
  openedAt: Date;
  events: DemoCaseEvent[];
}

/** Days back the oldest demo case was opened: ten years, so some have long finished. */
const HISTORY_DAYS = 3_652;

/**
 * The `index`-th of `count` demo cases: opened at a date spread over the last ten years, then
 * its drawn path recorded up to yesterday. Seeded per site, so one site's history does not
 * depend on which others were drawn.
 */
export function planDemoCase(
  site: DemoCaseSite,
  place: { index: number; count: number },
  today: IsoDate,
  seed: number,
  model: ForecastModel,
): DemoCasePlan {
  const random = seededRandom(seedFor(seed, site.siteId));
  const ageDays = Math.round(30 + ((place.index + random.next()) * (HISTORY_DAYS - 30)) / place.count);
  const openedOn = fromDayNumber(dayNumber(today) - ageDays);
  return {
    openedAt: demoOpenedAt(openedOn),
    events: demoCaseHistory(site, drawCasePath(model, openedOn, random), today, random),
  };
}

/**
 * The demo's planner: each case's history drawn from the default risks as of `now`, seeded by
 * the demo seed and the site.
 */
export function demoCasePlanner(
  now: Date,
  seed: number,
): (site: DemoCaseSite, place: { index: number; count: number }) => DemoCasePlan {
  const today = londonDate(now);
  const model = demoCaseModel(today);
  return (site, place) => planDemoCase(site, place, today, seed, model);
}
