import { describe, expect, it } from 'vitest';
import { judgeOccupiers, type OccupyingPractice } from '../../../src/domain/occupiers.js';
import { readUpload } from '../../../src/ingest/index.js';
import { accepted, codes, collect, utf8 } from '../ingest/support.js';

const practice = (odsCode: string, status: OccupyingPractice['status'], closeDate: string | null = null) => ({
  odsCode,
  name: `PRACTICE ${odsCode}`,
  status,
  closeDate,
  linkedBy: 'postcode' as const,
});

describe('GP practices occupying a site', () => {
  it('counts closed and dormant practices as gone, with the date, and all gone only when none practises there', () => {
    expect(judgeOccupiers([])).toEqual({ gone: [], allGone: false });
    const verdict = judgeOccupiers([practice('A1', 'proposed'), practice('A2', 'closed', '2021-06-30')]);
    expect(verdict.allGone).toBe(false);
    expect(verdict.gone.map((g) => g.explanation)).toEqual([
      'GP practice A2 (PRACTICE A2), at the same postcode, closed on 30/06/2021.',
    ]);
    // an extract that still says active but gives a close date: the date wins
    expect(judgeOccupiers([practice('A3', 'active', '2022-01-31'), practice('A4', 'dormant')])).toMatchObject({
      gone: [
        { odsCode: 'A3', status: 'closed', date: '2022-01-31' },
        { odsCode: 'A4', status: 'dormant', date: null },
      ],
      allGone: true,
    });
  });

  it('reads the occupier ODS code of a register row, and refuses one of the wrong shape', async () => {
    const outcomes = await collect(
      readUpload(
        'nhsps',
        utf8('Property Reference,Easting,Northing,Practice Code\nP1,530000,180000,f83001\nP2,530000,180000,F83-001\n'),
        { filename: 'r.csv', uploadedYear: 2026 },
      ),
    );
    expect(accepted(outcomes[0]).attributes).toEqual({ occupierOdsCode: 'F83001' });
    expect(codes(outcomes[1])).toEqual(['Practice Code:bad_value']);
  });
});
