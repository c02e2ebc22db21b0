import { describe, expect, it } from 'vitest';
import { LAND_STAGES } from '../../../src/domain/land-status.js';

describe('land status stages', () => {
  it('counts a site as pipeline land from Board approval to sale agreed, and released once completed', () => {
    expect(LAND_STAGES.pipeline).toEqual([
      'approved_for_disposal',
      'first_refusal',
      'due_diligence',
      'planning',
      'marketing',
      'sale_agreed',
    ]);
    expect(LAND_STAGES.released).toEqual(['completed']);
  });
});
