import { describe, expect, it } from 'vitest';
import { FLOOR_TO_LAND_CEILING, NUMERIC_RULES } from '../../../src/domain/plausibility.js';
import { readUpload, type RowOutcome } from '../../../src/ingest/index.js';
import { codes, collect, fixture, utf8 } from './support.js';

/** Plausibility rules, each broken once (test/fixtures/ingest/nhsps-implausible.csv), judged as uploaded in 2026. */
const read = (source: 'nhsps' | 'chp' | 'survey', bytes: Uint8Array) =>
  collect(readUpload(source, bytes, { filename: 'implausible.csv', uploadedYear: 2026 }));

const countByCode = <R>(outcomes: Array<RowOutcome<R>>): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const o of outcomes)
    if (o.kind === 'rejected') for (const p of o.problems) counts[p.code] = (counts[p.code] ?? 0) + 1;
  return counts;
};

describe('plausibility rules', () => {
  it('rejects each broken rule with its code, naming the field, the value and the rule; accepted + rejected = read', async () => {
    const outcomes = await read('nhsps', fixture('nhsps-implausible.csv'));
    expect(outcomes).toHaveLength(9);
    const accepted = outcomes.filter((o) => o.kind === 'accepted').map((o) => o.row);
    const rejected = outcomes.filter((o) => o.kind === 'rejected');
    expect(accepted).toEqual([2, 10]);
    expect(accepted.length + rejected.length).toBe(outcomes.length);
    expect(rejected.map((o) => [o.row, codes(o)])).toEqual([
      [3, ['Year Built:future_year']],
      [4, ['Site Area (ha):out_of_range']],
      [5, ['GIA (m2):out_of_range']],
      [6, ['GIA (m2):floor_area_above_land']],
      [7, ['Occupancy (%):out_of_range']],
      [8, ['Occupancy (%):out_of_range']],
      [9, ['GIA (m2):floor_area_above_land', 'Year Built:future_year']],
    ]);
    expect(countByCode(outcomes)).toEqual({ future_year: 2, out_of_range: 4, floor_area_above_land: 2 });

    const problems = rejected.flatMap((o) => (o.kind === 'rejected' ? o.problems : []));
    expect(problems[0]).toEqual({
      field: 'Year Built',
      code: 'future_year',
      message:
        'Year Built: 2099 is after 2026, the year of the upload (rule: a year built is a whole year from 1700 to the year of the upload)',
    });
    expect(problems[1]?.message).toBe(
      'Site Area (ha): -0.5 breaks the rule: a site area is more than 0 and less than 1,000 ha',
    );
    expect(problems[3]?.message).toBe(
      'GIA (m2): 250000 m² of floor on 0.5 ha (Site Area (ha)) is 50.0 m² per m² of land, above the ceiling of 20 (rule: floor area is at most 20 × land area; check the units of both)',
    );
    expect(problems[4]?.message).toBe('Occupancy (%): 101 breaks the rule: a percentage is 0–100');
  });

  it('holds the same rules for CHP buildings and survey blocks', async () => {
    const chp = await read(
      'chp',
      utf8(
        'Building ID,Postcode,GIA (m2),Site Area (ha),Void (%)\nB1,E1 6AN,50000,0.1,5\nB2,E1 6AN,500,0.1,150\nB3,E1 6AN,500,0.1,5\n',
      ),
    );
    expect(chp.map((o) => (o.kind === 'rejected' ? codes(o) : 'accepted'))).toEqual([
      ['GIA (m2):floor_area_above_land'],
      ['Void (%):out_of_range'],
      'accepted',
    ]);
    const survey = await read(
      'survey',
      utf8(
        'Site Reference,Block,Survey Date,Physical Condition,Year Built,GIA (m2)\nS1,Main,01/02/2020,B,2099,100\nS1,Annexe,01/02/2020,B,2026,-5\nS1,Lodge,01/02/2020,B,1950,40\n',
      ),
    );
    expect(survey.map((o) => (o.kind === 'rejected' ? codes(o) : 'accepted'))).toEqual([
      ['Year Built:future_year'],
      ['GIA (m2):out_of_range'],
      'accepted',
    ]);
  });

  it('states every rule in words, and the floor-to-land ceiling is the documented 20', () => {
    for (const [field, rule] of Object.entries(NUMERIC_RULES)) expect(rule.rule, field).toMatch(/\S/);
    expect(FLOOR_TO_LAND_CEILING).toBe(20);
  });
});
