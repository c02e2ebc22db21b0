import { describe, expect, it } from 'vitest';
import { readStations } from '../../../src/ingest/stations.js';
import { FileUnreadable } from '../../../src/ingest/index.js';
import { accepted, codes, collect, shippedBytes, utf8, xlsx } from './support.js';

const read = (bytes: Uint8Array, filename = 'stations.csv') => collect(readStations(bytes, { filename }));

describe('stations', () => {
  it('reads the shipped NaPTAN rail references: 355 London stations on the National Grid', async () => {
    const outcomes = await read(await shippedBytes('naptan_rail_references_2014_london.csv'));
    expect(outcomes.filter((o) => o.kind === 'accepted')).toHaveLength(355);
    expect(accepted(outcomes[0])).toEqual({
      code: '9100ABWD',
      name: 'Abbey Wood (London) Rail Station',
      eastingM: 547374,
      northingM: 179035,
    });
  });

  it('reads WGS84 coordinates and rejects a bad row with its field and code, keeping the rest', async () => {
    const outcomes = await read(
      utf8('code,name,Latitude,Longitude\nSTN1,Euston,51.5282,-0.1337\nSTN2,Nowhere,north,-0.1\n,No code,51.5,-0.1\n'),
    );
    expect(accepted(outcomes[0])).toMatchObject({ code: 'STN1', name: 'Euston' });
    expect(accepted(outcomes[0]).eastingM).toBeCloseTo(529_400, -3);
    expect(codes(outcomes[1])).toEqual(['Latitude:not_a_number']);
    expect(outcomes[1]).toMatchObject({ row: 3 });
    expect(codes(outcomes[2])).toEqual(['code:missing_required']);
  });

  it('reads an XLSX the same way', async () => {
    const outcomes = await read(
      await xlsx([
        ['AtcoCode', 'StationName', 'Easting', 'Northing'],
        ['9100EUSTON', 'Euston', 529_400, 182_700],
      ]),
      'stations.xlsx',
    );
    expect(accepted(outcomes[0])).toEqual({
      code: '9100EUSTON',
      name: 'Euston',
      eastingM: 529_400,
      northingM: 182_700,
    });
  });

  it('refuses a file with no coordinate columns, naming what it found', async () => {
    await expect(read(utf8('code,name\nA,B\n'))).rejects.toThrow(FileUnreadable);
    await expect(read(utf8('code,name\nA,B\n'))).rejects.toThrow(/neither "Easting" and "Northing".*columns found/);
  });
});
