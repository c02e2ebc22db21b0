import { describe, expect, it } from 'vitest';
import { DEFAULT_VALUATION_ASSUMPTIONS as A } from '../../../src/domain/assumptions/valuation.js';
import { valueSite } from '../../../src/domain/valuation.js';
import { richmondSite } from './valuation-fixtures.js';
import { restoreValuation, valuationToStore } from '../../../src/domain/valuation-record.js';

const input = richmondSite({ conditionClass: 'refurbish' });

describe('stored valuations keep figures and input; the working is derived on read', () => {
  const valuation = valueSite(input, A);
  // Through JSON, as PostgreSQL gives it back.
  const stored = JSON.parse(JSON.stringify(valuationToStore(valuation, input))) as ReturnType<typeof valuationToStore>;

  it('stores no working lines or sensitivity grid, and under a quarter of the full valuation', () => {
    expect(stored).not.toHaveProperty('working');
    expect(stored).not.toHaveProperty('sensitivity');
    expect(stored.input).toEqual(input);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(valuation).length / 4);
  });

  it('restores exactly the valuation that was computed, line for line', () => {
    const restored = restoreValuation(stored, A);
    expect(restored.workingUnavailable).toBeNull();
    expect(restored.valuation).toEqual(valuation);
    expect(restored.valuation.working.length).toBeGreaterThan(20);
    expect(restored.valuation.sensitivity).toHaveLength(9);
  });

  it('keeps the stored figures and says why when the working cannot be re-derived', () => {
    const tampered = { ...stored, residualPence: stored.residualPence + 1 };
    const differing = restoreValuation(tampered, A);
    expect(differing.valuation.residualPence).toBe(stored.residualPence + 1);
    expect(differing.valuation.working).toEqual([]);
    expect(differing.valuation.sensitivity).toEqual([]);
    expect(differing.workingUnavailable).toMatch(/different residualPence/);

    expect(restoreValuation(stored, null).workingUnavailable).toMatch(/assumption set valuation-2026-v1 is not loaded/);
    expect(restoreValuation(stored, { ...A, id: 'another-set' }).workingUnavailable).toMatch(/not loaded/);
    const older = restoreValuation({ ...stored, modelVersion: 'valuation-v0' as never }, A);
    expect(older.workingUnavailable).toMatch(/model valuation-v0/);
    expect(older.valuation.netReceiptPence).toBe(valuation.netReceiptPence);
  });

  it('stores the same whether or not the grid was computed, so the value step need not compute it', () => {
    const withoutGrid = valueSite(input, A, { withSensitivity: false });
    expect(withoutGrid.sensitivity).toEqual([]);
    expect(valuationToStore(withoutGrid, input)).toEqual(valuationToStore(valuation, input));
  });

  it('passes a valuation stored with its working lines (before inputs were kept) through unchanged', () => {
    const legacy = JSON.parse(JSON.stringify(valuation)) as typeof valuation;
    expect(restoreValuation(legacy, null)).toEqual({ valuation: legacy, workingUnavailable: null });
  });
});
