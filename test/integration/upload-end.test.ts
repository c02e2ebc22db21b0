import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestUpload } from '../../workers/ingest.worker.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { stepDeps, stepJob, storeTestUpload } from '../support/steps.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const register = new TextEncoder().encode(
  'Property Reference,Property Name,Easting,Northing\nNHSPS-E1,Highgate,529110,186912\n',
);
const surveys = new TextEncoder().encode(
  'Site Reference,Block,Survey Date,Surveyor,GIA (m2),Year Built,Physical Condition,Functional Suitability,Space Utilisation,Quality,Statutory Compliance,Environmental\nNHSPS-E1,Main building,12/03/2018,Estates Surveys Ltd,1500,1972,B(C),B,Fully used,B,C,B\n',
);

const store = (source: 'nhsps' | 'survey', filename: string, bytes: Uint8Array) =>
  storeTestUpload(t, source, filename, bytes);
const ingest = (uploadId: number) => ingestUpload(stepJob({ uploadId }), stepDeps(t));
const scoresQueued = async () =>
  (await t.db.selectFrom('outbox').select('payload').where('job_name', '=', 'score').execute()).length;

describe('ending uploads sent together', () => {
  it('starts one score when the last of them ends, not one per file', async () => {
    const [registerId, surveyId] = [
      await store('nhsps', 'register.csv', register),
      await store('survey', 'surveys.csv', surveys),
    ];
    const before = await scoresQueued();
    expect(await ingest(registerId)).toMatchObject({ accepted: 1 });
    expect(await scoresQueued()).toBe(before);
    expect(await ingest(surveyId)).toMatchObject({ accepted: 1 });
    expect(await scoresQueued()).toBe(before + 1);
    const ended = await t.db
      .selectFrom('uploads')
      .select(['status'])
      .where('id', 'in', [registerId, surveyId])
      .execute();
    expect(ended.map((u) => u.status)).toEqual(['ingested', 'ingested']);
  });

  it('starts the score when the last upload fails, since the ones before it changed the estate', async () => {
    const [registerId, brokenId] = [
      await store(
        'nhsps',
        'register-2.csv',
        new TextEncoder().encode('Property Reference,Property Name,Easting,Northing\nNHSPS-E2,Pond St,527060,185340\n'),
      ),
      await store('survey', 'not-a-survey.csv', new TextEncoder().encode('\u0000\u0001 not a table')),
    ];
    const before = await scoresQueued();
    await ingest(registerId);
    expect(await scoresQueued()).toBe(before);
    await ingest(brokenId);
    expect(
      (await t.db.selectFrom('uploads').select('status').where('id', '=', brokenId).executeTakeFirstOrThrow()).status,
    ).toBe('failed');
    expect(await scoresQueued()).toBe(before + 1);
  });
});
