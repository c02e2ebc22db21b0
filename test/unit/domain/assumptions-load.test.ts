import { describe, expect, it } from 'vitest';
import { mergeValuationAssumptions } from '../../../src/domain/assumptions/load.js';
import { DEFAULT_VALUATION_ASSUMPTIONS } from '../../../src/domain/assumptions/valuation.js';

const base = DEFAULT_VALUATION_ASSUMPTIONS;
const someKey = Object.keys(base.figures).sort()[0]!;
const someFigure = (
  base.figures as unknown as Record<string, { value: unknown; unit: string; source: string; provenance: string }>
)[someKey]!;

describe('loading a valuation assumption set', () => {
  it('takes the figures given and lists those taken from the base set', () => {
    const loaded = mergeValuationAssumptions(base, {
      id: 'valuation-2027-v1',
      effectiveFrom: '2027-04-01',
      figures: { [someKey]: { ...someFigure, source: 'Board paper 12, 2027' } },
    });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.set.id).toBe('valuation-2027-v1');
    expect((loaded.set.figures as unknown as Record<string, { source: string }>)[someKey]!.source).toBe(
      'Board paper 12, 2027',
    );
    expect(loaded.takenFromBase).not.toContain(someKey);
    expect(loaded.takenFromBase.length).toBe(Object.keys(base.figures).length - 1);
  });

  it('refuses unknown keys, figures without a source and values of the wrong kind', () => {
    const unknown = mergeValuationAssumptions(base, {
      id: 'set-x',
      effectiveFrom: '2027-04-01',
      figures: { 'build.gold_taps': { value: 1, unit: '£', source: 's', provenance: 'assumption' } },
    });
    expect(unknown).toMatchObject({ ok: false });
    expect(!unknown.ok && unknown.problems[0]).toMatch(/build\.gold_taps: not a valuation assumption/);
    const noSource = mergeValuationAssumptions(base, {
      id: 'set-x',
      effectiveFrom: '2027-04-01',
      figures: { [someKey]: { ...someFigure, source: '' } },
    });
    expect(!noSource.ok && noSource.problems[0]).toMatch(/source/);
    const wrongKind = mergeValuationAssumptions(base, {
      id: 'set-x',
      effectiveFrom: '2027-04-01',
      figures: { [someKey]: { ...someFigure, value: 'lots' } },
    });
    expect(!wrongKind.ok && wrongKind.problems[0]).toMatch(/expected/);
    expect(mergeValuationAssumptions(base, { id: 'Bad Id', effectiveFrom: '1 April', figures: {} })).toMatchObject({
      ok: false,
    });
  });
});
