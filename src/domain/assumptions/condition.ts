import type { Grade } from '../records.js';
import { figure, valuesOf, type Figure } from './figure.js';

/**
 * The figures behind OUR condition rule v1 (DOMAIN §3). No official NHS rebuild / refurbish rule
 * was found, so every threshold here is our assumption; the backlog ones were set against the
 * 144 ERIC 2016-17 London sites, never tuned to reproduce the LHC's 13% / 51%.
 */

export type ConditionClass = 'rebuild' | 'refurbish' | 'maintain' | 'not-surveyed';
/** The matrix has four functional columns; a functional B(C) is read as C, as the B(C) physical row equals the C row. */
export type FunctionalColumn = 'A' | 'B' | 'C' | 'D';
export type MatrixClass = Exclude<ConditionClass, 'not-surveyed'>;

const RULE = 'none: our condition rule v1 (DOMAIN §3)';

/** Physical (rows) × functional suitability (columns), DOMAIN §3 step 2. */
export const conditionMatrix = figure<Record<Grade, Record<FunctionalColumn, MatrixClass>>>(
  {
    A: { A: 'maintain', B: 'maintain', C: 'refurbish', D: 'refurbish' },
    B: { A: 'maintain', B: 'maintain', C: 'refurbish', D: 'rebuild' },
    'B(C)': { A: 'refurbish', B: 'refurbish', C: 'refurbish', D: 'rebuild' },
    C: { A: 'refurbish', B: 'refurbish', C: 'refurbish', D: 'rebuild' },
    D: { A: 'refurbish', B: 'rebuild', C: 'rebuild', D: 'rebuild' },
  },
  'condition class',
  RULE,
  'assumption',
);

/** Points per physical grade for the 0–100 condition score (DOMAIN §3 step 5). */
export const physicalGradePoints = figure<Record<Grade, number>>(
  { A: 0, B: 1, 'B(C)': 1.5, C: 2, D: 3 },
  'points (A best, D worst)',
  RULE,
  'assumption',
);

/** A share of GIA in physical D at or above this raises the site to at least refurbish. */
export const physicalDShareRefurbishPct = figure(25, '% of GIA', RULE, 'assumption');

/** High plus significant risk backlog at or above this raises the site to at least refurbish. */
export const backlogRefurbishPencePerM2 = figure(
  5_000,
  'pence per m² GIA, high + significant risk backlog, 2016-17 prices',
  'none: our assumption, checked against ERIC 2016-17 London sites (flags 25% of them, DOMAIN §3)',
  'assumption',
);

/** Total backlog at or above this makes the site a rebuild. */
export const backlogRebuildPencePerM2 = figure(
  40_000,
  'pence per m² GIA, all risk categories, 2016-17 prices',
  'none: our assumption, checked against ERIC 2016-17 London sites (flags 12.5% of them, DOMAIN §3)',
  'assumption',
);

/** A site statutory-compliance grade at or worse than this raises the site to at least refurbish. */
export const statutoryRefurbishGrade = figure<Grade>('C', 'statutory compliance grade (C or D)', RULE, 'assumption');

/** With no survey, ERIC's not-functionally-suitable share at or above this is read as functional grade C. */
export const notFunctionallySuitableFallbackPct = figure(50, '% of occupied floor area', RULE, 'assumption');

/** The published shares the Board compares ours with: a reference, never a target the rule is tuned to. */
export const publishedClassShares = figure(
  { rebuildPct: 13, refurbishPct: 51 },
  '% of the primary care estate',
  "NHS England, London devolution announcement (16 Nov 2017), citing the London Health Commission's Better Health for London (Oct 2014); underlying survey not found",
  'sourced-secondary',
);

export interface ConditionAssumptions {
  matrix: Record<Grade, Record<FunctionalColumn, MatrixClass>>;
  gradePoints: Record<Grade, number>;
  physicalDShareRefurbishPct: number;
  statutoryRefurbishGrade: Grade;
  backlogRefurbishPencePerM2: number;
  backlogRebuildPencePerM2: number;
  notFunctionallySuitableFallbackPct: number;
}

export const conditionRuleVersion = 'condition-v1';

/** A fresh copy each time, so a caller that edits its set cannot change the published figures. */
/** Every figure of the rule with its source, for the assumption set the scores are stored against. */
const conditionFigures = {
  matrix: conditionMatrix,
  gradePoints: physicalGradePoints,
  physicalDShareRefurbishPct,
  statutoryRefurbishGrade,
  backlogRefurbishPencePerM2,
  backlogRebuildPencePerM2,
  notFunctionallySuitableFallbackPct,
} satisfies { [K in keyof ConditionAssumptions]: Figure<ConditionAssumptions[K]> };

export const defaultConditionAssumptions = (): ConditionAssumptions => valuesOf<ConditionAssumptions>(conditionFigures);
