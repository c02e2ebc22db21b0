import { describe, expect, it } from 'vitest';
import { readPostcodeDirectory } from '../../../src/ingest/index.js';
import { accepted, codes, collect, fixture, shippedBytes } from './support.js';

const read = (bytes: Uint8Array) => collect(readPostcodeDirectory(bytes, { filename: 'postcodes.csv' }));

/** The first `lines` lines of the real Code-Point Open London file (header included). */
async function codePointSlice(lines: number): Promise<Uint8Array> {
  const bytes = await shippedBytes('codepoint_open_2018_london.csv');
  let seen = 0;
  let end = 0;
  while (seen < lines && end < bytes.length) if (bytes[end++] === 0x0a) seen += 1;
  return bytes.subarray(0, end);
}

describe('postcode directory', () => {
  it('reads a slice of the real Code-Point Open file with its header', async () => {
    const outcomes = await read(await codePointSlice(2001));
    expect(outcomes).toHaveLength(2000);
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    expect(accepted(outcomes[0])).toEqual({
      postcode: 'BR1 1AA',
      eastingM: 540291,
      northingM: 168873,
      localAuthorityCode: 'E09000006',
    });
  });

  it('normalises both Code-Point spellings and reads the headerless file as OS ships it', async () => {
    const outcomes = await read(fixture('codepoint-headerless.csv'));
    expect(outcomes.map((o) => o.row)).toEqual([1, 2, 3]);
    expect(accepted(outcomes[0])).toEqual({
      postcode: 'E1 6AN',
      eastingM: 533500,
      northingM: 181800,
      localAuthorityCode: 'E09000030',
    });
    expect(accepted(outcomes[1]).postcode).toBe('EC1A 1AA');
    expect(codes(outcomes[2])).toEqual(['Eastings:missing_required']);
  });

  it('reads the ONS Postcode Directory columns and refuses Irish Grid, missing and malformed rows', async () => {
    const outcomes = await read(fixture('onspd-slice.csv'));
    expect(accepted(outcomes[0])).toEqual({
      postcode: 'N19 5NF',
      eastingM: 529110,
      northingM: 186912,
      localAuthorityCode: 'E09000019',
    });
    expect(codes(outcomes[1])).toEqual(['oseast1m:outside_great_britain']);
    expect(codes(outcomes[2])).toEqual(['oseast1m:missing_required']);
    expect(codes(outcomes[3])).toEqual(['pcd:bad_postcode']);
  });
});
