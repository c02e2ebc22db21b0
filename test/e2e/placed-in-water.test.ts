import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteDetail } from '../../src/db/site-detail.js';
import { runCli, useTestEstate } from '../support/cli.js';

/**
 * Points off every borough's land, placed against Greater London's full extent (migration 0420). Hand-written
 * rows: the real register the issue counted (492 of 100,000 in the river) is not public. Points: the Thames at
 * Woolwich and in Erith Reach, 205 m and 418 m from the nearest bank's borough; Dartford town centre; and a notch
 * of the Hertfordshire boundary by Barnet that a 500 m closing of the boroughs fills but is not London.
 */
const REGISTER = [
  'Property Reference,Property Name,Easting,Northing',
  'WATER-1,Woolwich ferry pier,543300,179550',
  'WATER-2,Erith Reach jetty,551500,178800',
  'OUT-1,Dartford clinic,554200,174000',
  'OUT-2,Hertsmere notch,525100,197957',
].join('\n');

const estate = useTestEstate();

describe('points in the Thames, and outside London', () => {
  it('places river points in the nearest borough, flagged placed_in_water, and refuses only what is outside', async () => {
    const { t, env, dir } = estate;
    const file = path.join(dir, 'register.csv');
    await writeFile(file, `${REGISTER}\n`);
    const result = await runCli(['ingest', file, '--source', 'nhsps', '--wait', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const upload = JSON.parse(result.stdout) as { uploadId: number };
    expect(upload).toMatchObject({ read: 4, accepted: 2, rejected: 2, rejectedByCode: { outside_london: 2 } });

    const rejections = await runCli(['rejections', String(upload.uploadId), '--json'], env);
    expect(
      (JSON.parse(rejections.stdout) as Array<{ row: number; problems: Array<{ message: string }> }>).map((r) => [
        r.row,
        r.problems.map((p) => p.message),
      ]),
    ).toEqual([
      [4, ['point 554200, 174000 (British National Grid) is outside Greater London']],
      [5, ['point 525100, 197957 (British National Grid) is outside Greater London']],
    ]);

    const sites = await t.db
      .selectFrom('sites')
      .select(['id', 'source_ref', 'borough_gss', 'placed_by'])
      .orderBy('source_ref')
      .execute();
    expect(sites.map(({ id: _, ...s }) => s)).toEqual([
      { source_ref: 'WATER-1', borough_gss: 'E09000025', placed_by: 'coordinates+placed_in_water' }, // Newham
      { source_ref: 'WATER-2', borough_gss: 'E09000016', placed_by: 'coordinates+placed_in_water' }, // Havering
    ]);
    const detail = await siteDetail(t.db, sites[0]?.id ?? 0);
    expect(detail?.site).toMatchObject({ placedInWater: true, boroughName: 'Newham' });
  }, 180_000);
});
