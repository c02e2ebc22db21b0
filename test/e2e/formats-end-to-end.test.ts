import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, REPO, runCli } from '../support/cli.js';
import { shippedText } from '../support/shipped-data.js';

/** The documented example files (docs/examples) through the real CLI and workers, in an awkward order. */
const example = (name: string): string => path.join(REPO, 'docs/examples', name);

let t: TestDatabase;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  ({ t, env } = await openTestEstate());
  dir = await mkdtemp(path.join(tmpdir(), 'estates-formats-'));
});

afterAll(() => closeTestEstate(t));

interface UploadJson {
  uploadId: number;
  status: string;
  read: number;
  accepted: number;
  rejected: number;
  waiting: number;
}

const ingest = async (file: string, source: string, extra: string[] = []): Promise<UploadJson> => {
  const result = await runCli(['ingest', file, '--source', source, '--wait', '--json', ...extra], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as UploadJson;
};

describe('documented formats end to end', () => {
  it('keeps surveys for sites not yet loaded, and says they wait', async () => {
    const surveys = await ingest(example('survey.csv'), 'survey');
    expect(surveys).toMatchObject({ status: 'done', read: 3, accepted: 3, rejected: 0, waiting: 3 });
  });

  it('places register rows by coordinates or by postcode from the loaded directory', async () => {
    // the three postcodes the example uses, taken from the real Code-Point file
    const codepoint = (await shippedText('codepoint_open_2018_london.csv')).split('\n');
    const wanted = codepoint.filter((line, i) => i === 0 || /^"(N19 5NF|NW3 2QG|SE1 7EH)"/.test(line));
    const directory = path.join(dir, 'postcodes.csv');
    await writeFile(directory, `${wanted.join('\n')}\n`);
    const loaded = await runCli(['postcodes', 'load', directory, '--json'], env);
    expect(JSON.parse(loaded.stdout)).toMatchObject({ loaded: 3, rejected: 0 });

    const register = await ingest(example('nhsps.csv'), 'nhsps');
    expect(register).toMatchObject({ status: 'done', read: 3, accepted: 3, rejected: 0 });
    const pondStreet = await t.db
      .selectFrom('sites')
      .select(['placed_by', 'borough_gss', sql<number>`ST_X(geom)`.as('e')])
      .where('source_ref', '=', 'NHSPS-0002')
      .executeTakeFirstOrThrow();
    expect(pondStreet).toMatchObject({ placed_by: 'postcode', borough_gss: 'E09000007', e: 527297 });

    const shown = await runCli(['uploads', 'show', '1', '--json'], env);
    // the RAL01 block still waits (no such site); the NHSPS-0001 blocks found their site
    expect(JSON.parse(shown.stdout)).toMatchObject({ uploadId: 1, waiting: 1 });
    const highgate = await t.db
      .selectFrom('site_scores as sc')
      .innerJoin('sites as s', 's.id', 'sc.site_id')
      .select(['sc.condition_class', 'sc.condition'])
      .where('s.source_ref', '=', 'NHSPS-0001')
      .orderBy('sc.score_run_id', 'desc')
      .executeTakeFirstOrThrow();
    expect(highgate.condition_class).not.toBe('not-surveyed');
  });

  it('reads a British National Grid boundary file and attaches each polygon to its site', async () => {
    const boundaries = await ingest(example('boundaries.geojson'), 'boundaries');
    expect(boundaries).toMatchObject({ status: 'done', accepted: 2, rejected: 0, waiting: 0 });
    const area = await t.db
      .selectFrom('sites')
      .select(sql<number>`round(ST_Area(boundary))`.as('m2'))
      .where('source_ref', '=', 'NHSPS-0001')
      .executeTakeFirstOrThrow();
    expect(Number(area.m2)).toBe(70 * 60);
  });

  it('refuses a boundary file in metres that claims lon/lat, naming the reason', async () => {
    const lying = path.join(dir, 'lying.geojson');
    const collection = JSON.parse(await readFile(example('boundaries.geojson'), 'utf8')) as { crs?: unknown };
    delete collection.crs;
    await writeFile(lying, JSON.stringify(collection));
    const result = await runCli(
      ['ingest', lying, '--source', 'boundaries', '--crs', 'EPSG:4326', '--wait', '--json'],
      env,
    );
    const upload = JSON.parse(result.stdout) as UploadJson;
    expect(upload).toMatchObject({ status: 'done', read: 2, accepted: 0, rejected: 2 });
    const problems = await t.db
      .selectFrom('upload_rejections')
      .select('problems')
      .where('upload_id', '=', upload.uploadId)
      .execute();
    for (const p of problems)
      expect(p.problems[0]).toMatchObject({
        field: 'geometry',
        code: 'outside_great_britain',
        message: expect.stringMatching(/British National Grid/),
      });
    const boundaries = await t.db.selectFrom('site_boundaries').select('upload_id').execute();
    expect(boundaries.every((b) => b.upload_id !== upload.uploadId)).toBe(true);
  });

  it('writes a rejection report that names file, row, field and reason and is safe to open in Excel', async () => {
    const bad = path.join(dir, 'bad-register.csv');
    await writeFile(
      bad,
      [
        'Property Reference,Property Name,Easting,Northing,GIA (m2)',
        'NHSPS-B1,"=HYPERLINK(""http://evil.example"",""click"")",530000,180000,lots',
        'NHSPS-B2,@SUM(A1),9999999,180000,100',
        ',No reference,530000,180000,100',
      ].join('\n'),
    );
    const upload = await ingest(bad, 'nhsps');
    expect(upload).toMatchObject({ read: 3, accepted: 0, rejected: 3 });
    const report = await runCli(['rejections', String(upload.uploadId), '--csv'], env);
    expect(report.code, report.stderr).toBe(0);
    const lines = report.stdout.trim().split(/\r\n/);
    expect(lines[0]).toMatch(/^file,row,field,code,message,/);
    expect(report.stdout).toMatch(/bad-register\.csv,2,GIA \(m2\),not_a_number,/);
    expect(report.stdout).toMatch(/bad-register\.csv,3,Easting,outside_great_britain,/);
    expect(report.stdout).toMatch(/bad-register\.csv,4,Property Reference,missing_required,/);
    expect(report.stdout).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(report.stdout).toContain("'@SUM(A1)");
    expect(report.stdout).not.toMatch(/(^|,)[=@]/m);
  });
});
