import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readShippedData, SHIPPED_DATA_DIR, shippedFiles } from '../../../src/reference/shipped-data.js';
import { repoPath } from '../../support/shipped-data.js';

describe('the real public data the repo ships (data/reference)', () => {
  it('holds every manifest file, each matching its sha256 and size as published', async () => {
    const files = shippedFiles();
    expect(files.map((f) => f.original).sort()).toEqual([
      'codepoint_open_2018_london.csv',
      'eric_2016_17_site_data_london.csv',
      'london_boroughs_gla_2011.geojson',
      'london_msoa_2011_gen_wgs84.geojson',
      'naptan_rail_references_2014_london.csv',
      'ods_etrust_2018_london.csv',
    ]);
    for (const entry of files) {
      const bytes = await readShippedData(entry.original);
      expect(bytes.length, entry.file).toBe(entry.bytes);
      expect(entry.licence, entry.file).toMatch(/Open Government Licence|OS OpenData/);
    }
  });

  it('refuses a file whose content differs from its manifest, naming the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estates-shipped-'));
    copyFileSync(path.join(SHIPPED_DATA_DIR, 'manifest.json'), path.join(dir, 'manifest.json'));
    const eric = await readShippedData('eric_2016_17_site_data_london.csv');
    // One digit changed in the published figures: same size, different content.
    const altered = Buffer.from(eric.toString('latin1').replace('6', '7'), 'latin1');
    expect(altered.length).toBe(eric.length);
    writeFileSync(path.join(dir, 'eric_2016_17_site_data_london.csv.gz'), gzipSync(altered));
    await expect(readShippedData('eric_2016_17_site_data_london.csv', dir)).rejects.toThrow(
      /data\/reference\/eric_2016_17_site_data_london\.csv\.gz does not match its manifest: sha256 [0-9a-f]{64}/,
    );
  });

  it('gives every shipped file its attribution in NOTICE', () => {
    const notice = readFileSync(repoPath('NOTICE'), 'utf8');
    for (const entry of shippedFiles()) {
      expect(notice, entry.file).toContain(`data/reference/${entry.file}`);
      expect(notice, entry.file).toContain(entry.attribution);
    }
  });

  it('regenerates the simplified borough file the product ships, byte for byte, from the shipped GLA file', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'estates-boroughs-')), 'boroughs.geojson');
    await promisify(execFile)('npx', ['tsx', 'scripts/make-borough-file.ts', '-', out], { cwd: repoPath('.') });
    expect(readFileSync(out).equals(readFileSync(repoPath('geo/data/london-boroughs.geojson')))).toBe(true);
  });
});
