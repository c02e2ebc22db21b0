import {
  conditionRuleVersion,
  defaultConditionAssumptions,
  type ConditionAssumptions,
  type ConditionClass,
  type FunctionalColumn,
  type MatrixClass,
} from './assumptions/condition.js';
import type { BacklogPence, Grade, SurveyBlockRecord } from './records.js';

/**
 * OUR condition rule v1 (DOMAIN §3): a site's class from its six-facet survey blocks, or, with no
 * survey, from what its register or ERIC row says about backlog and functional suitability.
 */

export type { ConditionClass, FunctionalColumn, MatrixClass } from './assumptions/condition.js';

export const GRADE_ORDER: readonly Grade[] = ['A', 'B', 'B(C)', 'C', 'D'];

export type EscalatorRule =
  | 'statutory-compliance'
  | 'physical-d-share'
  | 'backlog-high-significant'
  | 'backlog-total'
  | 'not-functionally-suitable';

export type ConditionRule = 'matrix' | 'no-survey' | EscalatorRule;

export type ConditionFlag =
  | 'functional-defaulted'
  | 'functional-b(c)-read-as-c'
  | 'no-survey-fallback'
  | 'blocks-equally-weighted'
  | 'replace-only'
  | 'backlog-from-register'
  | 'backlog-per-m2-unknown';

export interface EscalatorFired {
  rule: EscalatorRule;
  value: number | string;
  threshold: number | string;
  unit: string;
  raisesTo: MatrixClass;
}

export interface ConditionVerdict {
  conditionClass: ConditionClass;
  /** 0–100, 100 = all A; null without a physical grade. */
  score: number | null;
  matrixCell: { physical: Grade | null; functional: FunctionalColumn | null };
  /** What the matrix alone gives, before escalators; null when there is no physical grade. */
  matrixClass: MatrixClass | null;
  /** Site grades per facet (GIA-weighted median block); null when no block gives the facet. */
  facets: { physical: Grade | null; functional: Grade | null; statutory: Grade | null };
  escalators: EscalatorFired[];
  decidedBy: ConditionRule;
  flags: ConditionFlag[];
  /** Plain sentences for the Board: what was missing, what stood in for it. */
  notes: string[];
  ruleVersion: typeof conditionRuleVersion;
}

/** What the register (NHSPS, CHP) or ERIC row says about the site itself. */
export interface ConditionSiteFacts {
  giaM2: number | null;
  backlogPence: BacklogPence | null;
  notFunctionallySuitablePct: number | null;
  yearBuilt: number | null;
}

const CLASS_RANK: Record<ConditionClass, number> = { 'not-surveyed': 0, maintain: 1, refurbish: 2, rebuild: 3 };
const gradeIndex = (g: Grade): number => GRADE_ORDER.indexOf(g);

interface Weighted<T> {
  value: T;
  weight: number;
}

/**
 * The grade of the weighted median square metre. When the halves balance exactly (two equal blocks, A and C)
 * the worse grade wins: a site half in poor repair is judged by that half.
 */
export function weightedMedianGrade(grades: ReadonlyArray<Weighted<Grade>>): Grade | null {
  const sorted = [...grades].sort((a, b) => gradeIndex(a.value) - gradeIndex(b.value));
  const total = sorted.reduce((sum, g) => sum + g.weight, 0);
  let cumulative = 0;
  for (const g of sorted) {
    cumulative += g.weight;
    if (cumulative * 2 > total) return g.value;
  }
  return sorted[sorted.length - 1]?.value ?? null;
}

/** A re-survey replaces a block's earlier record: keep each block's latest survey. */
function latestPerBlock(blocks: readonly SurveyBlockRecord[]): SurveyBlockRecord[] {
  const latest = new Map<string, SurveyBlockRecord>();
  for (const b of blocks) {
    const seen = latest.get(b.block);
    if (!seen || b.surveyDate > seen.surveyDate) latest.set(b.block, b);
  }
  return [...latest.values()];
}

const totalBacklog = (b: BacklogPence): number => b.high + b.significant + b.moderate + b.low;
const sumBacklog = (all: readonly BacklogPence[]): BacklogPence =>
  all.reduce(
    (s, b) => ({
      high: s.high + b.high,
      significant: s.significant + b.significant,
      moderate: s.moderate + b.moderate,
      low: s.low + b.low,
    }),
    {
      high: 0,
      significant: 0,
      moderate: 0,
      low: 0,
    },
  );

const pounds = (pence: number): string => `£${String(Math.round(pence / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

function backlogEscalators(backlog: BacklogPence, giaM2: number, a: ConditionAssumptions): EscalatorFired[] {
  const fired: EscalatorFired[] = [];
  const perM2 = (pence: number): number => Math.round(pence / giaM2);
  const highSignificant = backlog.high + backlog.significant;
  // Compared as pence against threshold × area so that a value exactly at the threshold is not lost to division.
  if (highSignificant >= a.backlogRefurbishPencePerM2 * giaM2) {
    fired.push({
      rule: 'backlog-high-significant',
      value: perM2(highSignificant),
      threshold: a.backlogRefurbishPencePerM2,
      unit: 'pence per m² GIA',
      raisesTo: 'refurbish',
    });
  }
  const total = totalBacklog(backlog);
  if (total >= a.backlogRebuildPencePerM2 * giaM2) {
    fired.push({
      rule: 'backlog-total',
      value: perM2(total),
      threshold: a.backlogRebuildPencePerM2,
      unit: 'pence per m² GIA',
      raisesTo: 'rebuild',
    });
  }
  return fired;
}

function decide(
  base: ConditionClass,
  baseRule: 'matrix' | 'no-survey',
  escalators: EscalatorFired[],
): { conditionClass: ConditionClass; decidedBy: ConditionRule } {
  let conditionClass = base;
  for (const e of escalators) if (CLASS_RANK[e.raisesTo] > CLASS_RANK[conditionClass]) conditionClass = e.raisesTo;
  if (conditionClass === base) return { conditionClass, decidedBy: baseRule };
  const decider = escalators.find((e) => e.raisesTo === conditionClass);
  return { conditionClass, decidedBy: decider ? decider.rule : baseRule };
}

const roundScore = (score: number): number => Math.round(score * 10) / 10;

/** Where the backlog comes from and what area it is spread over; null area when none is known. */
function backlogBasis(
  blocks: readonly SurveyBlockRecord[],
  blockGiaM2: number | null,
  site: ConditionSiteFacts,
  flags: ConditionFlag[],
): { backlog: BacklogPence; giaM2: number } | null {
  const surveyed = sumBacklog(blocks.map((b) => b.backlogPence));
  // Adapters fill a blank backlog cell with zeros, so an all-zero survey says nothing the register cannot say better.
  if (blocks.length > 0 && totalBacklog(surveyed) > 0) {
    const giaM2 = blockGiaM2 ?? site.giaM2;
    if (giaM2 && giaM2 > 0) return { backlog: surveyed, giaM2 };
    flags.push('backlog-per-m2-unknown');
    return null;
  }
  if (!site.backlogPence) return null;
  flags.push('backlog-from-register');
  if (site.giaM2 && site.giaM2 > 0) return { backlog: site.backlogPence, giaM2: site.giaM2 };
  flags.push('backlog-per-m2-unknown');
  return null;
}

function classifyWithoutSurvey(site: ConditionSiteFacts, a: ConditionAssumptions): ConditionVerdict {
  const flags: ConditionFlag[] = ['no-survey-fallback'];
  const notes = ['No condition survey: only the backlog escalators and the not-functionally-suitable share apply.'];
  const escalators: EscalatorFired[] = [];
  let functional: FunctionalColumn | null = null;
  const nfs = site.notFunctionallySuitablePct;
  if (nfs !== null && nfs >= a.notFunctionallySuitableFallbackPct) {
    functional = 'C';
    // Every row of the matrix's C column is refurbish or worse, so F = C alone means at least refurbish.
    escalators.push({
      rule: 'not-functionally-suitable',
      value: nfs,
      threshold: a.notFunctionallySuitableFallbackPct,
      unit: '% of occupied floor area',
      raisesTo: 'refurbish',
    });
    notes.push(`${nfs}% of occupied floor area is not functionally suitable: read as functional grade C.`);
  }
  const basis = backlogBasis([], null, site, flags);
  if (basis) escalators.push(...backlogEscalators(basis.backlog, basis.giaM2, a));
  else if (site.backlogPence === null) notes.push('No backlog figure either.');
  if (site.yearBuilt !== null) notes.push(`Built ${site.yearBuilt} (shown for context: age does not set the class).`);
  const { conditionClass, decidedBy } = decide('not-surveyed', 'no-survey', escalators);
  return {
    conditionClass,
    score: null,
    matrixCell: { physical: null, functional },
    matrixClass: null,
    facets: { physical: null, functional: null, statutory: null },
    escalators,
    decidedBy,
    flags,
    notes,
    ruleVersion: conditionRuleVersion,
  };
}

/**
 * The condition class, score and the reasons for both. `blocks` are the site's survey blocks (any survey
 * dates: each block's latest record counts); `site` is what the register says about the site as a whole.
 */
export function classifyCondition(
  blocks: readonly SurveyBlockRecord[],
  site: ConditionSiteFacts,
  assumptions: ConditionAssumptions = defaultConditionAssumptions(),
): ConditionVerdict {
  const current = latestPerBlock(blocks);
  if (current.length === 0) return classifyWithoutSurvey(site, assumptions);
  const a = assumptions;
  const flags: ConditionFlag[] = [];
  const notes: string[] = [];

  // GIA weighting needs every block's area; mixing measured and guessed areas would be a guess, so weigh equally.
  const everyBlockHasGia = current.every((b) => b.giaM2 !== null && b.giaM2 > 0);
  if (!everyBlockHasGia) {
    flags.push('blocks-equally-weighted');
    notes.push('Not every survey block gives its floor area: blocks weighed equally.');
  }
  const weightOf = (b: SurveyBlockRecord): number => (everyBlockHasGia ? (b.giaM2 as number) : 1);
  const blockGiaM2 = everyBlockHasGia ? current.reduce((s, b) => s + (b.giaM2 as number), 0) : null;
  const facet = (read: (b: SurveyBlockRecord) => Grade | null): Grade | null =>
    weightedMedianGrade(
      current.flatMap((b) => {
        const g = read(b);
        return g === null ? [] : [{ value: g, weight: weightOf(b) }];
      }),
    );

  const physical = facet((b) => b.physical) as Grade;
  const functional = facet((b) => b.functional);
  const statutory = facet((b) => b.statutory);
  if (current.some((b) => b.replaceOnly)) flags.push('replace-only');

  let column: FunctionalColumn;
  if (functional === null) {
    column = 'B';
    flags.push('functional-defaulted');
    notes.push('No functional suitability grade: taken as B.');
  } else if (functional === 'B(C)') {
    column = 'C';
    flags.push('functional-b(c)-read-as-c');
  } else {
    column = functional;
  }
  const matrixClass = a.matrix[physical][column];

  const escalators: EscalatorFired[] = [];
  if (statutory !== null && gradeIndex(statutory) >= gradeIndex(a.statutoryRefurbishGrade)) {
    escalators.push({
      rule: 'statutory-compliance',
      value: statutory,
      threshold: a.statutoryRefurbishGrade,
      unit: 'grade',
      raisesTo: 'refurbish',
    });
  }
  const totalWeight = current.reduce((s, b) => s + weightOf(b), 0);
  const dWeight = current.reduce((s, b) => s + (b.physical === 'D' ? weightOf(b) : 0), 0);
  if (dWeight * 100 >= a.physicalDShareRefurbishPct * totalWeight) {
    escalators.push({
      rule: 'physical-d-share',
      value: Math.round((dWeight / totalWeight) * 1000) / 10,
      threshold: a.physicalDShareRefurbishPct,
      unit: everyBlockHasGia ? '% of GIA' : '% of blocks',
      raisesTo: 'refurbish',
    });
  }
  const basis = backlogBasis(current, blockGiaM2, site, flags);
  if (basis) escalators.push(...backlogEscalators(basis.backlog, basis.giaM2, a));

  const meanPoints = current.reduce((s, b) => s + a.gradePoints[b.physical] * weightOf(b), 0) / totalWeight;
  const { conditionClass, decidedBy } = decide(matrixClass, 'matrix', escalators);
  return {
    conditionClass,
    score: roundScore(100 * (1 - meanPoints / 3)),
    matrixCell: { physical, functional: column },
    matrixClass,
    facets: { physical, functional, statutory },
    escalators,
    decidedBy,
    flags,
    notes,
    ruleVersion: conditionRuleVersion,
  };
}

/** One line for the Board on how the class was reached. */
export function describeCondition(v: ConditionVerdict): string {
  const cell =
    v.matrixCell.physical === null ? '' : ` (physical ${v.matrixCell.physical}, functional ${v.matrixCell.functional})`;
  if (v.decidedBy === 'matrix') return `Condition ${v.conditionClass}${cell}.`;
  if (v.decidedBy === 'no-survey') return 'Not surveyed: condition unknown.';
  const e = v.escalators.find((x) => x.rule === v.decidedBy);
  const why = e ? ` because ${ESCALATOR_WORDS[e.rule]} is ${formatValue(e)} (threshold ${formatThreshold(e)})` : '';
  return `Condition ${v.conditionClass}${cell}${why}.`;
}

const ESCALATOR_WORDS: Record<EscalatorRule, string> = {
  'statutory-compliance': 'statutory compliance',
  'physical-d-share': 'floor area in physical grade D',
  'backlog-high-significant': 'high and significant risk backlog',
  'backlog-total': 'total backlog',
  'not-functionally-suitable': 'floor area not functionally suitable',
};

function formatValue(e: EscalatorFired): string {
  if (typeof e.value === 'string') return e.value;
  return e.unit.startsWith('pence') ? `${pounds(e.value)}/m²` : `${e.value}%`;
}

function formatThreshold(e: EscalatorFired): string {
  if (typeof e.threshold === 'string') return `${e.threshold} or worse`;
  return e.unit.startsWith('pence') ? `${pounds(e.threshold)}/m²` : `${e.threshold}%`;
}
