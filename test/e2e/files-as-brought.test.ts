import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../support/database.js';
import { closeTestEstate, openTestEstate, REPO, runCli } from '../support/cli.js';

/** Real files as users bring them, through the real CLI and workers (issue 19). */
const fixture = (name: string): string => path.join(REPO, 'test/fixtures/ingest', name);

let t: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  ({ t, env } = await openTestEstate());
});

afterAll(() => closeTestEstate(t));

const ingestJson = async (file: string, args: string[]) => {
  const result = await runCli(['ingest', file, ...args, '--wait', '--json'], env);
  return { code: result.code, stderr: result.stderr, upload: JSON.parse(result.stdout) as Record<string, unknown> };
};

describe('files as users bring them', () => {
  it("reads the NHS website's ¬-separated Latin-1 hospital list, says how, and names its real columns when it is not a register", async () => {
    const { upload } = await ingestJson(fixture('nhs-website-hospitals.csv'), ['--source', 'nhsps']);
    expect(upload).toMatchObject({
      status: 'failed',
      read: 0,
      readAs: { format: 'csv', encoding: 'windows-1252', separator: '¬' },
    });
    expect(upload.error).toMatch(
      /no "Property Reference" column \(required\); columns found: "OrganisationID", "OrganisationCode",/,
    );
    const shown = await runCli(['uploads', 'show', String(upload.uploadId)], env);
    expect(shown.stdout).toContain('read as   delimited text, Windows-1252 (Latin-1), separated by not signs (¬)');
  });

  it('reads an undeclared British National Grid boundary upload by the same CRS rule as the loaders, and says it detected it', async () => {
    const { upload } = await ingestJson(fixture('boundaries-bng-undeclared.geojson'), ['--source', 'boundaries']);
    expect(upload).toMatchObject({
      status: 'done',
      readAs: { format: 'geojson', crs: 'EPSG:27700', crsFrom: 'detected' },
    });
    expect(Number(upload.accepted) + Number(upload.rejected)).toBe(upload.read);
  });
});
