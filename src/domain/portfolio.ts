import type { SubRegion } from '../../geo/boroughs.js';
import { publishedClassShares, type ConditionClass, type MatrixClass } from './assumptions/condition.js';
import type { Provenance } from './assumptions/figure.js';

/**
 * How the estate splits by condition class, by count and by floor area, for London, each borough and each
 * sub-region. The LHC's 13% rebuild / 51% refurbish rides along as a reference the Board can compare with;
 * the rule is never tuned towards it (DOMAIN §3).
 */

/** The published comparison as shares 0–1, from the one place the figure lives (DOMAIN.md §1, §3). */
export const PUBLISHED_CONDITION_SHARES = {
  rebuild: publishedClassShares.value.rebuildPct / 100,
  refurbish: publishedClassShares.value.refurbishPct / 100,
  source: publishedClassShares.source,
} as const;

export interface PortfolioSite {
  conditionClass: ConditionClass;
  giaM2: number | null;
  boroughGss: string | null;
  subRegion: SubRegion | null;
}

export interface ClassShare {
  sites: number;
  sitesPct: number;
  giaM2: number;
  /** Null when no site in the group gives its floor area. */
  giaPct: number | null;
}

export interface ClassBreakdown {
  sites: number;
  giaM2: number;
  sitesWithoutGia: number;
  byClass: Record<ConditionClass, ClassShare>;
  /** Shares among surveyed sites only: what the published 13% / 51% describe. */
  surveyed: { sites: number; sitesPct: Record<MatrixClass, number>; giaPct: Record<MatrixClass, number> | null };
}

export interface PortfolioFigures {
  overall: ClassBreakdown;
  /** Keyed by borough GSS code, in code order; sites with no borough count only in overall. */
  byBorough: Record<string, ClassBreakdown>;
  bySubRegion: Partial<Record<SubRegion, ClassBreakdown>>;
  reference: { rebuildPct: number; refurbishPct: number; source: string; provenance: Provenance; note: string };
}

const CLASSES: readonly ConditionClass[] = ['rebuild', 'refurbish', 'maintain', 'not-surveyed'];
const SURVEYED: readonly MatrixClass[] = ['rebuild', 'refurbish', 'maintain'];

const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0);
const areaOf = (s: PortfolioSite): number => (s.giaM2 !== null && s.giaM2 > 0 ? s.giaM2 : 0);

function breakdown(sites: readonly PortfolioSite[]): ClassBreakdown {
  const totalGia = sites.reduce((sum, s) => sum + areaOf(s), 0);
  const of = (c: ConditionClass) => sites.filter((s) => s.conditionClass === c);
  const byClass = Object.fromEntries(
    CLASSES.map((c) => {
      const inClass = of(c);
      const gia = inClass.reduce((sum, s) => sum + areaOf(s), 0);
      return [
        c,
        {
          sites: inClass.length,
          sitesPct: pct(inClass.length, sites.length),
          giaM2: gia,
          giaPct: totalGia > 0 ? pct(gia, totalGia) : null,
        },
      ];
    }),
  ) as Record<ConditionClass, ClassShare>;
  const surveyedSites = sites.filter((s) => s.conditionClass !== 'not-surveyed');
  const surveyedGia = surveyedSites.reduce((sum, s) => sum + areaOf(s), 0);
  const per = (value: (c: MatrixClass) => number) =>
    Object.fromEntries(SURVEYED.map((c) => [c, value(c)])) as Record<MatrixClass, number>;
  return {
    sites: sites.length,
    giaM2: totalGia,
    sitesWithoutGia: sites.filter((s) => areaOf(s) === 0).length,
    byClass,
    surveyed: {
      sites: surveyedSites.length,
      sitesPct: per((c) => pct(byClass[c].sites, surveyedSites.length)),
      giaPct: surveyedGia > 0 ? per((c) => pct(byClass[c].giaM2, surveyedGia)) : null,
    },
  };
}

function groupBy<K extends string>(
  sites: readonly PortfolioSite[],
  keyOf: (s: PortfolioSite) => K | null,
): Partial<Record<K, ClassBreakdown>> {
  const groups = new Map<K, PortfolioSite[]>();
  for (const s of sites) {
    const key = keyOf(s);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  const keys = [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, breakdown(groups.get(k) ?? [])])) as Partial<Record<K, ClassBreakdown>>;
}

export function portfolioByClass(sites: readonly PortfolioSite[]): PortfolioFigures {
  return {
    overall: breakdown(sites),
    byBorough: groupBy(sites, (s) => s.boroughGss) as Record<string, ClassBreakdown>,
    bySubRegion: groupBy(sites, (s) => s.subRegion),
    reference: {
      rebuildPct: publishedClassShares.value.rebuildPct,
      refurbishPct: publishedClassShares.value.refurbishPct,
      source: publishedClassShares.source,
      provenance: publishedClassShares.provenance,
      note: 'A published comparison for the primary care estate, not a target: the condition rule is never tuned to reproduce it.',
    },
  };
}
