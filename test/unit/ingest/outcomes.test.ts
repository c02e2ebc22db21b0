import { describe, expect, it } from 'vitest';
import { readOutcomes } from '../../../src/ingest/outcomes.js';
import { accepted, codes, collect, utf8 } from './support.js';

const read = (text: string) => collect(readOutcomes(utf8(text), { filename: 'outcomes.csv' }));
const HEADER =
  'site_ref,homes_permitted,homes_started,homes_completed,receipt_pence,reinvested_primary_care_pence,reinvested_community_care_pence,reinvested_other_pence';

describe('outcomes file', () => {
  it('states totals as they stand; blank is not stated; a BOM and thousands separators are read', async () => {
    const [row] = await read(`\uFEFF${HEADER}\nNHSPS-1,55,,30,"520,000,000",,,\n`);
    expect(accepted(row)).toEqual({
      siteRef: 'NHSPS-1',
      homesPermitted: 55,
      homesStarted: undefined,
      homesCompleted: 30,
      receiptPence: 520_000_000,
      reinvested: { primary_care: undefined, community_care: undefined, other: undefined },
    });
  });

  it('rejects every bad figure of a row with its field and code, and the rows after it still read', async () => {
    const outcomes = await read(`${HEADER}\nNHSPS-1,-3,1.5,many,,,,\n,1,,,,,,\nNHSPS-2,1,,,,,,\n`);
    expect(codes(outcomes[0])).toEqual([
      'homes_completed:not_a_number',
      'homes_permitted:out_of_range',
      'homes_started:not_a_number',
    ]);
    expect(outcomes[0]).toMatchObject({ row: 2 });
    expect(codes(outcomes[1])).toEqual(['site_ref:missing_required']);
    expect(accepted(outcomes[2])).toMatchObject({ siteRef: 'NHSPS-2', homesPermitted: 1 });
  });
});
