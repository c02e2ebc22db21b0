import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readInputFile } from '../../../src/cli/input-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'estates-input-'));
const write = (name: string, bytes: Uint8Array | string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

describe('a file named on the command line', () => {
  it('is read as it is when plain, and decompressed when gzip, whatever its name says', async () => {
    const csv = 'Property Reference,Name\nNHSPS-1,Health centre\n';
    expect(await readInputFile(write('register.csv', csv))).toEqual({ name: 'register.csv', bytes: Buffer.from(csv) });
    expect(await readInputFile(write('register.csv.gz', gzipSync(csv)))).toEqual({
      name: 'register.csv',
      bytes: Buffer.from(csv),
    });
    expect((await readInputFile(write('renamed.csv', gzipSync(csv)))).bytes.toString()).toBe(csv);
  });

  it('refuses a missing file and a damaged gzip with what is wrong', async () => {
    await expect(readInputFile(path.join(dir, 'absent.csv'))).rejects.toThrow(
      /cannot read .*absent\.csv: no such file/,
    );
    const damaged = gzipSync('x'.repeat(10_000)).subarray(0, 30);
    await expect(readInputFile(write('cut.csv.gz', damaged))).rejects.toThrow(
      /cut\.csv\.gz starts as gzip but does not decompress/,
    );
  });
});
