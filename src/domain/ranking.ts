import type { ConditionClass } from './assumptions/condition.js';
import {
  defaultRankingAssumptions,
  rankingModelVersion,
  type DisposalRoute,
  type RankingAssumptions,
} from './assumptions/scoring.js';
import type { SiteId } from './surplus-context.js';
import { roundPoints, type SurplusBlocker, type SurplusComponent, type SurplusVerdict } from './surplus.js';

/**
 * The Board's disposal list: one total order of every scored site.
 *
 * priority = (surplus score + condition bonus) × route factor
 *
 * The bonus favours sites that would otherwise need capital (rebuild, then refurbish); the route factor pushes
 * down what cannot be sold whole (a lease exit, part of an acute site). Equal priorities fall back to the
 * site's source and then its source reference, compared code unit by code unit, so the order never depends on
 * the order sites arrive in or on the machine's locale.
 */

export interface RankingEntry {
  siteId: SiteId;
  source: string;
  sourceRef: string;
  conditionClass: ConditionClass;
  /** One sentence on the condition (describeCondition), used when the surplus evidence gives fewer than three reasons. */
  conditionReason?: string;
  surplus: SurplusVerdict;
}

export interface RankedSite {
  rank: number;
  siteId: SiteId;
  source: string;
  sourceRef: string;
  route: DisposalRoute;
  priority: number;
  conditionClass: ConditionClass;
  surplusScore: number;
  /** Up to three sentences, the strongest evidence first. */
  reasons: string[];
  modelVersion: typeof rankingModelVersion;
}

/** What a site's place in the order depends on; its reasons are worked out separately (topReasons). */
export interface RankingKey {
  siteId: SiteId;
  source: string;
  sourceRef: string;
  conditionClass: ConditionClass;
  surplus: Pick<SurplusVerdict, 'score' | 'route'>;
}

/** A site's place in the disposal order, before its reasons are attached. */
export interface DisposalPlace<K extends RankingKey = RankingKey> {
  rank: number;
  priority: number;
  entry: K;
}

export function disposalPriority(
  entry: RankingKey,
  assumptions: RankingAssumptions = defaultRankingAssumptions(),
): number {
  const bonus = assumptions.conditionBonusPoints[entry.conditionClass];
  return roundPoints((entry.surplus.score + bonus) * assumptions.routeFactor[entry.surplus.route]);
}

/** What a site's reasons are chosen from. */
export interface ReasonEvidence {
  surplus: {
    components: ReadonlyArray<Pick<SurplusComponent, 'contribution' | 'explanation'>>;
    blockers: ReadonlyArray<Pick<SurplusBlocker, 'explanation'>>;
    /** Absent in scores made before surplus-v2. */
    occupiersGone?: ReadonlyArray<{ explanation: string }>;
  };
  conditionReason?: string;
}

/**
 * Occupying GP practices that have gone first (the plainest sign a site is not needed), then the strongest scored
 * components (ties in the model's component order), then what holds the site back.
 */
export function topReasons(entry: ReasonEvidence, count = 3): string[] {
  const gone = (entry.surplus.occupiersGone ?? []).map((o) => o.explanation);
  const components = entry.surplus.components
    .map((c, order) => ({ c, order }))
    .filter(({ c }) => c.contribution > 0)
    .sort((x, y) => y.c.contribution - x.c.contribution || x.order - y.order)
    .map(({ c }) => c.explanation);
  const blockers = entry.surplus.blockers.map((b) => b.explanation);
  const condition = entry.conditionReason ? [entry.conditionReason] : [];
  return [...gone, ...components, ...blockers, ...condition].slice(0, count);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order alone, from each site's score, route and class. A large estate is ordered from these few
 * figures and its reasons read afterwards, a slice at a time in rank order, instead of holding every
 * site's explained components at once.
 */
export function disposalOrder<K extends RankingKey>(
  entries: readonly K[],
  assumptions: RankingAssumptions = defaultRankingAssumptions(),
): Array<DisposalPlace<K>> {
  const seen = new Set<string>();
  for (const e of entries) {
    const key = JSON.stringify([e.source, e.sourceRef]);
    if (seen.has(key))
      throw new RangeError(`site ${e.source} ${e.sourceRef} is given twice: the ranking needs one entry per site`);
    seen.add(key);
  }
  return entries
    .map((entry) => ({ entry, priority: disposalPriority(entry, assumptions) }))
    .sort(
      (x, y) =>
        y.priority - x.priority ||
        compareText(x.entry.source, y.entry.source) ||
        compareText(x.entry.sourceRef, y.entry.sourceRef),
    )
    .map(({ entry, priority }, i) => ({ rank: i + 1, priority, entry }));
}

/** One ranked row: a place in the order with the site's reasons. */
export function rankedSite(place: DisposalPlace, reasons: string[]): RankedSite {
  const { rank, priority, entry } = place;
  return {
    rank,
    siteId: entry.siteId,
    source: entry.source,
    sourceRef: entry.sourceRef,
    route: entry.surplus.route,
    priority,
    conditionClass: entry.conditionClass,
    surplusScore: entry.surplus.score,
    reasons,
    modelVersion: rankingModelVersion,
  };
}

export function rankSites(
  entries: readonly RankingEntry[],
  assumptions: RankingAssumptions = defaultRankingAssumptions(),
): RankedSite[] {
  return disposalOrder(entries, assumptions).map((place) => rankedSite(place, topReasons(place.entry)));
}
