import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, useTestEstate } from '../support/cli.js';

/**
 * An all-England ERIC file: real London rows (North East London NHS FT, whose Mayflower hospital is in Billericay)
 * beside rows of Leeds and Birmingham trusts made to the real 2016-17 layout, with real ODS and Code-Point lines.
 */
const fixture = (name: string): string => path.join(REPO, 'test/fixtures/ingest/eric-england', name);

const estate = useTestEstate();

describe('ERIC for all of England', () => {
  it('places London sites, rejects the rest outside_london, and counts sites, trust totals and codes', async () => {
    const { t, env } = estate;
    for (const [kind, file] of [
      ['ods', 'ods-etrust-slice.csv'],
      ['postcodes', 'codepoint-slice.csv'],
    ] as const) {
      const loaded = await runCli([kind, 'load', fixture(file), '--json'], env);
      expect(loaded.code, loaded.stderr).toBe(0);
    }
    const result = await runCli(
      ['ingest', fixture('eric-2016-17-england-slice.csv'), '--source', 'eric', '--wait', '--json'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    const upload = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(upload).toMatchObject({
      status: 'done',
      read: 10,
      accepted: 5,
      sites: 2,
      trustTotals: 3,
      rejected: 5,
      rejectedByCode: { outside_london: 4, postcode_not_found: 1 },
    });

    const rejections = await runCli(['rejections', String(upload.uploadId), '--json'], env);
    const rows = JSON.parse(rejections.stdout) as Array<{
      row: number;
      problems: Array<{ field: string; code: string; message: string }>;
    }>;
    const byRow = Object.fromEntries(
      rows.map((r) => [r.row, r.problems.map((p) => `${p.field}: ${p.code}: ${p.message}`)]),
    );
    expect(byRow).toEqual({
      5: ['Site Code: outside_london: postcode CM12 9SA is outside London (no London postcode in district CM12)'],
      6: [
        'Site Code: postcode_not_found: site code RATZZ is not in the loaded ODS directory, so it has no postcode (estates ods load FILE)',
      ],
      8: ['Commissioning Region: outside_london: trust RR8 is in NORTH OF ENGLAND COMMISSIONING REGION, not London'],
      9: ['Commissioning Region: outside_london: trust RR8 is in NORTH OF ENGLAND COMMISSIONING REGION, not London'],
      11: [
        'Commissioning Region: outside_london: trust RRK is in MIDLANDS AND EAST OF ENGLAND COMMISSIONING REGION, not London',
      ],
    });
    const placed = await t.db.selectFrom('sites').select(['source_ref', 'borough_gss']).orderBy('source_ref').execute();
    expect(placed).toEqual([
      { source_ref: 'RATGD', borough_gss: 'E09000002' },
      { source_ref: 'RATGM', borough_gss: 'E09000026' },
    ]);

    const human = await runCli(['uploads', 'show', String(upload.uploadId)], env);
    expect(human.stdout).toContain('accepted  5 (2 sites, 3 trust totals)');
    expect(human.stdout).toContain('rejected  5 (outside_london 4, postcode_not_found 1)');

    // the same rows as an .xls workbook with a row of section labels above the header (LibreOffice-made)
    const xls = await runCli(
      ['ingest', fixture('eric-2016-17-england-sections.xls'), '--source', 'eric', '--wait', '--json'],
      env,
    );
    expect(xls.code, xls.stderr).toBe(0);
    expect(JSON.parse(xls.stdout)).toMatchObject({
      status: 'done',
      readAs: { format: 'xls' },
      read: 10,
      sites: 2,
      trustTotals: 3,
      rejectedByCode: { outside_london: 4, postcode_not_found: 1 },
    });
  }, 180_000);
});
