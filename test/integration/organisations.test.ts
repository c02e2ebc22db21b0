import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCase } from '../../src/db/cases.js';
import { addOrganisation } from '../../src/db/organisations.js';
import { addUser } from '../../src/db/users.js';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, runCli } from '../support/cli.js';
import { ingestUpload } from '../../workers/ingest.worker.js';
import { storeUpload } from '../../src/db/uploads.js';
import { registerBytes, stepDeps, stepJob } from '../support/steps.js';

let t: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  ({ t, env } = await openTestEstate());
});
afterAll(() => closeTestEstate(t));

describe('estates orgs and users add --org', () => {
  it('registers organisations in one stored form, refuses bad and repeated ones, and lists them', {
    timeout: 180_000,
  }, async () => {
    const added = await runCli(
      ['orgs', 'add', ' nhsps ', '--name', 'NHS Property Services', '--kind', 'nhsps', '--json'],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({
      code: 'NHSPS',
      name: 'NHS Property Services',
      kind: 'nhsps',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const chp = await runCli(['orgs', 'add', 'CHP', '--name', 'Community Health Partnerships', '--kind', 'chp'], env);
    expect(chp.code, chp.stderr).toBe(0);
    expect(chp.stdout).toContain('organisation CHP (chp) registered');

    const again = await runCli(['orgs', 'add', 'NHSPS', '--name', 'twice'], env);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('organisation NHSPS already exists');
    await expect(addOrganisation(t.db, { code: 'X1', name: 'x', kind: 'charity' })).rejects.toThrow(
      'kind must be one of nhsps, chp, trust, icb, borough, gla, other',
    );
    await expect(addOrganisation(t.db, { code: 'no spaces!', name: 'x', kind: 'other' })).rejects.toThrow(
      'is not an organisation code',
    );
    await expect(addOrganisation(t.db, { code: 'X1', name: ' ', kind: 'other' })).rejects.toThrow(
      'an organisation name is 1–200 characters',
    );
    const list = await runCli(['orgs', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ code: string; kind: string }>).map((o) => [o.code, o.kind])).toEqual([
      ['CHP', 'chp'],
      ['NHSPS', 'nhsps'],
    ]);
  });

  it('gives a user the organisation named, and refuses one not registered', { timeout: 120_000 }, async () => {
    const added = await runCli(['users', 'add', 'ada', '--role', 'officer', '--org', 'chp', '--json'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'ada', role: 'officer', org: 'CHP' });
    const unknown = await runCli(['users', 'add', 'bob', '--role', 'officer', '--org', 'RJ1'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no organisation "RJ1"');
    expect(await t.db.selectFrom('users').select('name').where('name', '=', 'bob').execute()).toEqual([]);
    const board = await addUser(t.db, 'carol', 'board');
    expect(board.org).toBeNull();
  });
});

describe('what an organisation owns', () => {
  it('owns the uploads of its users, the sites they bring and the cases on those sites', async () => {
    const uploadId = await t.db.transaction().execute(
      async (trx) =>
        (
          await storeUpload(trx, {
            source: 'nhsps',
            filename: 'chp-register.csv',
            bytes: registerBytes([
              'ORG-1,First Clinic,530000,180000,0.5,400,80,1970',
              'ORG-2,Second Clinic,531000,181000,0.2,300,90,1980',
            ]),
            uploadedBy: 'ada',
            orgCode: 'CHP',
          })
        ).upload.uploadId,
    );
    await ingestUpload(stepJob({ uploadId }), stepDeps(t));
    const upload = await t.db
      .selectFrom('uploads')
      .select('org_code')
      .where('id', '=', uploadId)
      .executeTakeFirstOrThrow();
    expect(upload.org_code).toBe('CHP');
    const sites = await t.db
      .selectFrom('sites')
      .select(['id', 'source_ref', 'org_code'])
      .orderBy('source_ref')
      .execute();
    expect(sites.map((s) => [s.source_ref, s.org_code])).toEqual([
      ['ORG-1', 'CHP'],
      ['ORG-2', 'CHP'],
    ]);

    // The same sites uploaded again by another organisation keep the owner they were first given.
    const second = await t.db.transaction().execute(
      async (trx) =>
        (
          await storeUpload(trx, {
            source: 'nhsps',
            filename: 'nhsps-register.csv',
            bytes: registerBytes(['ORG-1,First Clinic renamed,530000,180000,0.5,400,80,1970']),
            uploadedBy: 'someone',
            orgCode: 'NHSPS',
          })
        ).upload.uploadId,
    );
    await ingestUpload(stepJob({ uploadId: second }), stepDeps(t));
    const renamed = await t.db
      .selectFrom('sites')
      .select(['name', 'org_code'])
      .where('source_ref', '=', 'ORG-1')
      .executeTakeFirstOrThrow();
    expect(renamed).toEqual({ name: 'First Clinic renamed', org_code: 'CHP' });

    const site = sites[0]!;
    const caseId = await insertCase(t.db, { id: site.id, sourceRef: site.source_ref }, new Date());
    const row = await sql<{ org_code: string | null }>`SELECT org_code FROM cases WHERE id = ${caseId}`.execute(t.db);
    expect(row.rows).toEqual([{ org_code: 'CHP' }]);
  });
});
