import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteDetail } from '../../src/db/site-detail.js';
import { REPO, runCli, useTestEstate } from '../support/cli.js';

/**
 * GP practices from epraccur occupying register sites: by the occupier ODS code the register names, else by
 * postcode. The register is hand-written; its points are in Camden, Islington and Southwark.
 */
const REGISTER = [
  'Property Reference,Property Name,Postcode,Easting,Northing,Occupier ODS Code,Occupancy (%)',
  'GP-1,Leighton Road Health Centre,NW5 2QE,528900,184900,F83001,90',
  'GP-2,Highgate Health Centre,N19 5NF,529110,186912,,90',
  'GP-3,Borough High Street Clinic,SE1 9QQ,532300,179800,,90',
  'GP-4,Angel Clinic,N1 9LQ,531600,183200,,90',
].join('\n');

const estate = useTestEstate();

interface Scored {
  source_ref: string;
  surplus_score: string;
  surplus: { occupiersGone: Array<{ odsCode: string; explanation: string }>; occupiersGonePoints: number };
  top_reasons: string[];
}

describe('GP practices occupying sites', () => {
  it('keeps status and dates, links sites by ODS code or postcode, and makes a closed practice a surplus reason', async () => {
    const { t, env, dir } = estate;
    const register = path.join(dir, 'register.csv');
    await writeFile(register, `${REGISTER}\n`);
    const ingested = await runCli(['ingest', register, '--source', 'nhsps', '--wait', '--json'], env);
    expect(ingested.code, ingested.stderr).toBe(0);

    const loaded = await runCli(
      ['ods', 'load', path.join(REPO, 'test/fixtures/ingest/epraccur-practices.csv'), '--wait', '--json'],
      env,
      { timeoutMs: 170_000 },
    );
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ loaded: 5, rejected: 0, sitesLinked: 3 });
    const practices = await t.db
      .selectFrom('ods_organisations')
      .select(['ods_code', 'status', 'close_date'])
      .orderBy('ods_code')
      .execute();
    expect(practices.map((p) => [p.ods_code, p.status, p.close_date?.toISOString().slice(0, 10) ?? null])).toEqual([
      ['F83001', 'closed', '2019-03-31'],
      ['F83002', 'dormant', null],
      ['F83003', 'active', null],
      ['F83004', 'closed', '2020-01-01'],
      ['F83005', 'proposed', null],
    ]);

    const scores = (await t.db
      .selectFrom('site_scores as sc')
      .innerJoin('sites as s', 's.id', 'sc.site_id')
      .select(['s.source_ref', 'sc.surplus_score', 'sc.surplus', 'sc.top_reasons'])
      .where('sc.score_run_id', '=', (eb) => eb.selectFrom('score_runs').select((e) => e.fn.max('id').as('id')))
      .orderBy('s.source_ref')
      .execute()) as unknown as Scored[];
    const bySite = Object.fromEntries(scores.map((s) => [s.source_ref, s]));
    expect(bySite['GP-1']?.surplus.occupiersGonePoints).toBe(20);
    expect(bySite['GP-1']?.top_reasons[0]).toBe(
      'GP practice F83001 (KENTISH TOWN SURGERY), named by the site record, closed on 31/03/2019.',
    );
    expect(bySite['GP-2']?.top_reasons[0]).toBe(
      'GP practice F83002 (HIGHGATE GROUP PRACTICE), at the same postcode, went dormant (ODS gives no date).',
    );
    // one of two practices gone: a reason, but the site is still in use, so no points
    expect(bySite['GP-3']?.surplus).toMatchObject({
      occupiersGone: [{ odsCode: 'F83004' }],
      occupiersGonePoints: 0,
    });
    expect(bySite['GP-4']?.surplus).toMatchObject({ occupiersGone: [], occupiersGonePoints: 0 });
    // the same record but for the practices: 20 points apart
    expect(Number(bySite['GP-1']?.surplus_score) - Number(bySite['GP-4']?.surplus_score)).toBeCloseTo(20, 5);

    const site = await t.db.selectFrom('sites').select('id').where('source_ref', '=', 'GP-3').executeTakeFirstOrThrow();
    expect((await siteDetail(t.db, site.id))?.practices).toEqual([
      { odsCode: 'F83003', name: 'BOROUGH MEDICAL CENTRE', status: 'active', closeDate: null, linkedBy: 'postcode' },
      {
        odsCode: 'F83004',
        name: 'BOROUGH ROAD SURGERY',
        status: 'closed',
        closeDate: '2020-01-01',
        linkedBy: 'postcode',
      },
    ]);
  }, 180_000);
});
