import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  classifyCondition,
  describeCondition,
  weightedMedianGrade,
  type ConditionSiteFacts,
} from '../../../src/domain/condition.js';
import { seededRandom } from '../../../src/domain/random.js';
import type { BacklogPence, Grade, SurveyBlockRecord } from '../../../src/domain/records.js';
import { shippedBytes } from '../../support/shipped-data.js';

const NO_BACKLOG: BacklogPence = { high: 0, significant: 0, moderate: 0, low: 0 };

function block(over: Partial<SurveyBlockRecord> = {}): SurveyBlockRecord {
  return {
    siteRef: 'S1',
    block: over.block ?? 'main',
    surveyDate: '2023-05-01',
    surveyor: null,
    giaM2: 1000,
    yearBuilt: null,
    physical: 'B',
    replaceOnly: false,
    functional: 'B',
    spaceUtilisation: null,
    quality: null,
    statutory: null,
    environmental: null,
    backlogPence: NO_BACKLOG,
    ...over,
  };
}

const SITE: ConditionSiteFacts = { giaM2: 1000, backlogPence: null, notFunctionallySuitablePct: null, yearBuilt: null };

describe('classifyCondition: the P × F matrix (DOMAIN §3 step 2)', () => {
  const table: Array<[Grade, Array<'maintain' | 'refurbish' | 'rebuild'>]> = [
    ['A', ['maintain', 'maintain', 'refurbish', 'refurbish']],
    ['B', ['maintain', 'maintain', 'refurbish', 'rebuild']],
    ['B(C)', ['refurbish', 'refurbish', 'refurbish', 'rebuild']],
    ['C', ['refurbish', 'refurbish', 'refurbish', 'rebuild']],
    ['D', ['refurbish', 'rebuild', 'rebuild', 'rebuild']],
  ];
  for (const [physical, row] of table) {
    (['A', 'B', 'C', 'D'] as const).forEach((functional, i) => {
      it(`P ${physical} × F ${functional} → ${row[i]}`, () => {
        const v = classifyCondition([block({ physical, functional })], SITE);
        expect(v.conditionClass).toBe(row[i]);
        expect(v.matrixCell).toEqual({ physical, functional });
        expect(v.decidedBy).toBe('matrix');
        // A one-block D site is 100% physical D: that escalator fires, but never above the matrix's own class here.
        expect(v.escalators.map((e) => e.rule)).toEqual(physical === 'D' ? ['physical-d-share'] : []);
        expect(v.ruleVersion).toBe('condition-v1');
      });
    });
  }

  it('reads a functional B(C) as the C column and says so', () => {
    const v = classifyCondition([block({ physical: 'A', functional: 'B(C)' })], SITE);
    expect(v.conditionClass).toBe('refurbish');
    expect(v.matrixCell.functional).toBe('C');
    expect(v.flags).toContain('functional-b(c)-read-as-c');
  });

  it('takes a missing functional grade as B, flagged', () => {
    const maintain = classifyCondition([block({ physical: 'B', functional: null })], SITE);
    expect(maintain.conditionClass).toBe('maintain');
    expect(maintain.matrixCell).toEqual({ physical: 'B', functional: 'B' });
    expect(maintain.flags).toContain('functional-defaulted');
    expect(classifyCondition([block({ physical: 'D', functional: null })], SITE).conditionClass).toBe('rebuild');
  });
});

describe('site grade per facet: the GIA-weighted median square metre', () => {
  it('follows the larger block, and the worse grade when the halves balance exactly', () => {
    expect(
      weightedMedianGrade([
        { value: 'A', weight: 100 },
        { value: 'C', weight: 300 },
      ]),
    ).toBe('C');
    expect(
      weightedMedianGrade([
        { value: 'A', weight: 300 },
        { value: 'C', weight: 100 },
      ]),
    ).toBe('A');
    expect(
      weightedMedianGrade([
        { value: 'A', weight: 100 },
        { value: 'C', weight: 100 },
      ]),
    ).toBe('C');
    expect(
      weightedMedianGrade([
        { value: 'A', weight: 101 },
        { value: 'C', weight: 100 },
      ]),
    ).toBe('A');
    expect(
      weightedMedianGrade([
        { value: 'D', weight: 10 },
        { value: 'A', weight: 45 },
        { value: 'B(C)', weight: 45 },
      ]),
    ).toBe('B(C)');
    expect(weightedMedianGrade([])).toBeNull();
  });

  it('weighs blocks by GIA in the class and the score', () => {
    const v = classifyCondition(
      [block({ block: '1', physical: 'B', giaM2: 100 }), block({ block: '2', physical: 'C', giaM2: 300 })],
      SITE,
    );
    expect(v.facets.physical).toBe('C');
    // (1 × 100 + 2 × 300) / 400 = 1.75 points; 100 × (1 − 1.75 / 3) = 41.67
    expect(v.score).toBe(41.7);
  });

  it('weighs blocks equally when one lacks its floor area, and flags it', () => {
    const v = classifyCondition(
      [
        block({ block: '1', physical: 'A', giaM2: 900 }),
        block({ block: '2', physical: 'C', giaM2: null }),
        block({ block: '3', physical: 'C', giaM2: 10 }),
      ],
      SITE,
    );
    expect(v.flags).toContain('blocks-equally-weighted');
    expect(v.facets.physical).toBe('C');
    expect(v.score).toBe(Math.round(1000 * (1 - 4 / 9)) / 10);
  });

  it("keeps only each block's latest survey", () => {
    const v = classifyCondition(
      [block({ physical: 'D', surveyDate: '2019-03-01' }), block({ physical: 'A', surveyDate: '2023-03-01' })],
      SITE,
    );
    expect(v.facets.physical).toBe('A');
    expect(v.score).toBe(100);
  });

  it('scores A as 100, D as 0 and B(C) as 50', () => {
    expect(classifyCondition([block({ physical: 'A' })], SITE).score).toBe(100);
    expect(classifyCondition([block({ physical: 'D' })], SITE).score).toBe(0);
    expect(classifyCondition([block({ physical: 'B(C)' })], SITE).score).toBe(50);
    expect(classifyCondition([block({ physical: 'B' })], SITE).score).toBe(66.7);
  });

  it('flags a block surveyed as X (stored as D) as replace only', () => {
    expect(classifyCondition([block({ physical: 'D', replaceOnly: true })], SITE).flags).toContain('replace-only');
  });
});

describe('escalators raise the class, never lower it', () => {
  const maintainBlock = { physical: 'A' as const, functional: 'A' as const };

  it('statutory compliance C or D → at least refurbish; B(C) and better do not', () => {
    for (const [statutory, expected] of [
      ['B', 'maintain'],
      ['B(C)', 'maintain'],
      ['C', 'refurbish'],
      ['D', 'refurbish'],
    ] as const) {
      const v = classifyCondition([block({ ...maintainBlock, statutory })], SITE);
      expect([statutory, v.conditionClass]).toEqual([statutory, expected]);
    }
    const fired = classifyCondition([block({ ...maintainBlock, statutory: 'C' })], SITE);
    expect(fired.decidedBy).toBe('statutory-compliance');
    expect(fired.escalators).toEqual([
      { rule: 'statutory-compliance', value: 'C', threshold: 'C', unit: 'grade', raisesTo: 'refurbish' },
    ]);
    expect(describeCondition(fired)).toBe(
      'Condition refurbish (physical A, functional A) because statutory compliance is C (threshold C or worse).',
    );
  });

  it('≥ 25% of GIA in physical D → at least refurbish', () => {
    const site = (dM2: number) =>
      classifyCondition(
        [block({ block: 'd', physical: 'D', giaM2: dM2 }), block({ block: 'a', ...maintainBlock, giaM2: 1000 - dM2 })],
        SITE,
      );
    expect(site(249).conditionClass).toBe('maintain');
    const at = site(250);
    expect(at.conditionClass).toBe('refurbish');
    expect(at.decidedBy).toBe('physical-d-share');
    expect(at.escalators[0]).toMatchObject({ rule: 'physical-d-share', value: 25, threshold: 25 });
    expect(site(251).conditionClass).toBe('refurbish');
  });

  it('high + significant backlog ≥ £50/m² GIA → at least refurbish', () => {
    const site = (pence: number) =>
      classifyCondition(
        [block({ ...maintainBlock, backlogPence: { ...NO_BACKLOG, high: pence / 2, significant: pence / 2 } })],
        SITE,
      );
    expect(site(4_999_998).conditionClass).toBe('maintain');
    const at = site(5_000_000);
    expect(at.conditionClass).toBe('refurbish');
    expect(at.escalators).toEqual([
      {
        rule: 'backlog-high-significant',
        value: 5000,
        threshold: 5000,
        unit: 'pence per m² GIA',
        raisesTo: 'refurbish',
      },
    ]);
    expect(site(5_000_002).conditionClass).toBe('refurbish');
  });

  it('total backlog ≥ £400/m² GIA → rebuild', () => {
    const site = (pence: number) =>
      classifyCondition(
        [block({ ...maintainBlock, backlogPence: { ...NO_BACKLOG, moderate: pence - 1, low: 1 } })],
        SITE,
      );
    expect(site(39_999_999).conditionClass).toBe('maintain');
    const at = site(40_000_000);
    expect(at.conditionClass).toBe('rebuild');
    expect(at.decidedBy).toBe('backlog-total');
    expect(describeCondition(at)).toBe(
      'Condition rebuild (physical A, functional A) because total backlog is £400/m² (threshold £400/m²).',
    );
    expect(site(40_000_001).conditionClass).toBe('rebuild');
  });

  it('records an escalator that fired below the matrix class but leaves the class to the matrix', () => {
    const v = classifyCondition([block({ physical: 'D', functional: 'D', statutory: 'D' })], SITE);
    expect(v.conditionClass).toBe('rebuild');
    expect(v.decidedBy).toBe('matrix');
    expect(v.escalators.map((e) => e.rule)).toEqual(['statutory-compliance', 'physical-d-share']);
  });

  it("uses the register's backlog when the survey reports none", () => {
    const v = classifyCondition([block(maintainBlock)], { ...SITE, backlogPence: { ...NO_BACKLOG, low: 40_000_000 } });
    expect(v.conditionClass).toBe('rebuild');
    expect(v.flags).toContain('backlog-from-register');
  });
});

describe('no survey: the register fallback', () => {
  it('is not surveyed when nothing fires, and says why', () => {
    const v = classifyCondition([], { ...SITE, yearBuilt: 1965 });
    expect(v.conditionClass).toBe('not-surveyed');
    expect(v.score).toBeNull();
    expect(v.decidedBy).toBe('no-survey');
    expect(v.flags).toEqual(['no-survey-fallback']);
    expect(v.notes).toContain('Built 1965 (shown for context: age does not set the class).');
  });

  it("reads ERIC's not-functionally-suitable ≥ 50% as F = C → refurbish", () => {
    expect(classifyCondition([], { ...SITE, notFunctionallySuitablePct: 49.9 }).conditionClass).toBe('not-surveyed');
    const at = classifyCondition([], { ...SITE, notFunctionallySuitablePct: 50 });
    expect(at.conditionClass).toBe('refurbish');
    expect(at.matrixCell).toEqual({ physical: null, functional: 'C' });
    expect(at.decidedBy).toBe('not-functionally-suitable');
    expect(classifyCondition([], { ...SITE, notFunctionallySuitablePct: 50.1 }).conditionClass).toBe('refurbish');
  });

  it('applies the backlog escalators over the register GIA', () => {
    const backlog = (high: number, moderate: number) =>
      classifyCondition([], { ...SITE, giaM2: 2000, backlogPence: { ...NO_BACKLOG, high, moderate } });
    expect(backlog(9_999_999, 0).conditionClass).toBe('not-surveyed');
    expect(backlog(10_000_000, 0).conditionClass).toBe('refurbish');
    expect(backlog(10_000_000, 69_999_999).conditionClass).toBe('refurbish');
    const rebuild = backlog(10_000_000, 70_000_000);
    expect(rebuild.conditionClass).toBe('rebuild');
    expect(rebuild.decidedBy).toBe('backlog-total');
    expect(rebuild.flags).toEqual(['no-survey-fallback', 'backlog-from-register']);
    expect(rebuild.score).toBeNull();
  });

  it('cannot judge backlog per m² without a floor area', () => {
    const v = classifyCondition([], { ...SITE, giaM2: null, backlogPence: { ...NO_BACKLOG, high: 1e9 } });
    expect(v.conditionClass).toBe('not-surveyed');
    expect(v.flags).toContain('backlog-per-m2-unknown');
  });
});

describe('calibration against the reference grade mix (DOMAIN §3)', () => {
  it('gives about 13.1% rebuild, 50.5% refurbish, 36.4% maintain over 10,000 one-block sites', () => {
    const random = seededRandom(2017);
    const physicalMix: Array<[Grade, number]> = [
      ['A', 12],
      ['B', 40],
      ['B(C)', 10],
      ['C', 29],
      ['D', 9],
    ];
    const functionalMix: Array<[Grade, number]> = [
      ['A', 25],
      ['B', 45],
      ['C', 22],
      ['D', 8],
    ];
    const counts = { rebuild: 0, refurbish: 0, maintain: 0, 'not-surveyed': 0 };
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      const v = classifyCondition(
        [block({ physical: random.pick(physicalMix), functional: random.pick(functionalMix) })],
        SITE,
      );
      counts[v.conditionClass] += 1;
    }
    // One standard error is about 0.34 points for 13% and 0.5 for 50%; a point either way is three of them.
    expect(Math.abs((100 * counts.rebuild) / n - 13.07)).toBeLessThan(1);
    expect(Math.abs((100 * counts.refurbish) / n - 50.53)).toBeLessThan(1.5);
    expect(Math.abs((100 * counts.maintain) / n - 36.4)).toBeLessThan(1.5);
    expect(counts['not-surveyed']).toBe(0);
  });
});

describe('the register fallback on the real ERIC 2016-17 London sites', () => {
  it('flags 18 of 144 sites (12.5%) rebuild and 21 more refurbish, as DOMAIN §3 counts', async () => {
    const rows: Array<Record<string, string>> = parse(await shippedBytes('eric_2016_17_site_data_london.csv'), {
      columns: true,
      bom: true,
    });
    // Empty cells and "Not Applicable" say nothing; thousands separators are allowed.
    const amount = (text: string | undefined): number | null => {
      const n = Number((text ?? '').replace(/,/g, ''));
      return text === undefined || text.trim() === '' || !Number.isFinite(n) ? null : n;
    };
    const counts = { rebuild: 0, refurbish: 0, maintain: 0, 'not-surveyed': 0 };
    const sites = rows.filter((r) => r['Site Type'] !== 'Aggregate Site');
    for (const r of sites) {
      const pounds = (['high', 'significant', 'moderate', 'low'] as const).map((k) =>
        amount(r[`Cost to eradicate ${k} risk backlog (£)`]),
      );
      const pence = (i: number): number => Math.round((pounds[i] ?? 0) * 100);
      const backlogPence = pounds.every((p) => p === null)
        ? null
        : { high: pence(0), significant: pence(1), moderate: pence(2), low: pence(3) };
      const v = classifyCondition([], {
        giaM2: amount(r['Gross internal floor area (m²)']),
        backlogPence,
        notFunctionallySuitablePct: amount(r['Not functionally suitable - occupied floor area (%)']),
        yearBuilt: null,
      });
      counts[v.conditionClass] += 1;
    }
    expect(sites).toHaveLength(144);
    expect(counts).toEqual({ rebuild: 18, refurbish: 21, maintain: 0, 'not-surveyed': 105 });
  });
});
