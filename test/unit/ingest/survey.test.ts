import { describe, expect, it } from 'vitest';
import { readUpload } from '../../../src/ingest/index.js';
import { accepted, codes, collect, csvRows, example, fixture, xlsx } from './support.js';

const read = (bytes: Uint8Array) =>
  collect(readUpload('survey', bytes, { uploadedYear: 2026, filename: 'survey.csv' }));

describe('six-facet condition survey', () => {
  it('maps grades, utilisation and backlog (blank bands are zero) to a survey block', async () => {
    const [main, annex] = await read(fixture('survey-edge-cases.csv'));
    expect(accepted(main)).toEqual({
      siteRef: 'S-1',
      block: 'Main',
      surveyDate: '2018-03-12',
      surveyor: 'Surveyor Ltd',
      giaM2: 1500,
      yearBuilt: 1972,
      physical: 'B(C)',
      replaceOnly: false,
      functional: 'B',
      spaceUtilisation: 'fully-used',
      quality: 'A',
      statutory: 'C',
      environmental: 'D',
      backlogPence: { high: 0, significant: 1_250_010, moderate: 4_000_000, low: 0 },
    });
    expect(accepted(annex)).toMatchObject({
      physical: 'D',
      replaceOnly: true,
      spaceUtilisation: 'under-used',
      backlogPence: { high: 8_500_000, significant: 0, moderate: 0, low: 0 },
    });
  });

  it('rejects bad grades, dates, utilisation words, repeats and missing required cells with every reason', async () => {
    const outcomes = await read(fixture('survey-edge-cases.csv'));
    expect(outcomes.map((o) => o.row)).toEqual([2, 3, 4, 6, 7, 8]);
    expect(codes(outcomes[2])).toEqual([
      'Functional Suitability:bad_grade',
      'Physical Condition:bad_grade',
      'Space Utilisation:bad_value',
      'Survey Date:bad_date',
    ]);
    expect(codes(outcomes[3])).toEqual(['Block:duplicate_in_file']);
    expect(codes(outcomes[4])).toEqual([
      'Backlog High (GBP):not_a_number',
      'GIA (m2):out_of_range',
      'Physical Condition:missing_required',
      'Survey Date:missing_required',
      'Year Built:future_year',
    ]);
    // "N/A" in a required cell is as missing as a blank.
    expect(codes(outcomes[5])).toEqual(['Physical Condition:missing_required']);
    const xOnFunctional =
      outcomes[2]?.kind === 'rejected'
        ? outcomes[2].problems.find((p) => p.field === 'Functional Suitability')
        : undefined;
    expect(xOnFunctional?.message).toMatch(/physical condition grade/);
  });

  it('reads the XLSX copy the same way, with a real date cell', async () => {
    const rows = csvRows(fixture('survey-edge-cases.csv'));
    const csv = await read(fixture('survey-edge-cases.csv'));
    const book = await read(await xlsx(rows));
    expect(book).toEqual(csv);
    const dated = await read(
      await xlsx([rows[0] ?? [], ['S-9', 'Main', new Date(Date.UTC(2019, 0, 31)), '', '', '', 'A']]),
    );
    expect(accepted(dated[0]).surveyDate).toBe('2019-01-31');
  });

  it('accepts every row of the documented example', async () => {
    const outcomes = await read(example('survey.csv'));
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(accepted(outcomes[2]).backlogPence).toEqual({
      high: 125_000_000,
      significant: 90_000_000,
      moderate: 40_000_000,
      low: 7_500_000,
    });
  });

  it('refuses a survey missing its required columns, naming each', async () => {
    await expect(read(new TextEncoder().encode('Site Reference,Block\nS,B\n'))).rejects.toThrow(
      'the header row has no "Survey Date", "Physical Condition" column (required); columns found: "Site Reference", "Block"',
    );
  });
});
