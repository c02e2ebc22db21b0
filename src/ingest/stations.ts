import { toBng } from '../../geo/transform.js';
import { FileUnreadable } from './file-unreadable.js';
import { describeHeader, type ColumnSpecs } from './headers.js';
import { requireColumnPair } from './location.js';
import type { ReadOptions, RowOutcome } from './outcome.js';
import { readTabular, type TabularSource } from './tabular.js';

/** A station for the access component of the surplus score, on the National Grid. */
export interface Station {
  code: string;
  name: string;
  eastingM: number;
  northingM: number;
}

/** NaPTAN-style stations: a code, a name, and British National Grid or WGS84 coordinates. */
const columns = {
  code: { label: 'AtcoCode', aliases: ['code', 'CrsCode', 'Station Code'] },
  name: { label: 'StationName', aliases: ['name', 'CommonName', 'Station Name'] },
  eastingM: { label: 'Easting', aliases: ['Eastings'] },
  northingM: { label: 'Northing', aliases: ['Northings'] },
  latitude: { label: 'Latitude', aliases: ['lat'] },
  longitude: { label: 'Longitude', aliases: ['lon', 'lng'] },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

const stationsSource: TabularSource<Field, Station> = {
  columns,
  requiredColumns: ['code'],
  checkHeader: (map) => {
    requireColumnPair(map, columns, 'eastingM', 'northingM');
    requireColumnPair(map, columns, 'latitude', 'longitude');
    if (map.at.eastingM === undefined && map.at.latitude === undefined)
      throw new FileUnreadable(
        `the header row has neither "Easting" and "Northing" (British National Grid) nor "Latitude" and "Longitude" columns; columns found: ${describeHeader(map.header)}`,
      );
  },
  converter: () => (f) => {
    const code = f.required('code') ?? '';
    const name = f.text('name') ?? code;
    if (f.given('eastingM') || f.given('northingM')) {
      const eastingM = f.number('eastingM', { min: 0, max: 700_000 });
      const northingM = f.number('northingM', { min: 0, max: 1_300_000 });
      return { code, name, eastingM: eastingM ?? 0, northingM: northingM ?? 0 };
    }
    const latitude = f.number('latitude', { min: 49, max: 61 });
    const longitude = f.number('longitude', { min: -9, max: 3 });
    if (latitude === null || longitude === null) {
      if (!f.given('latitude') && !f.given('longitude'))
        f.problem('eastingM', 'missing_required', 'a station needs Easting/Northing or Latitude/Longitude');
      return { code, name, eastingM: 0, northingM: 0 };
    }
    const p = toBng([longitude, latitude]);
    return { code, name, eastingM: p.eastingM, northingM: p.northingM };
  },
};

export function readStations(bytes: Uint8Array, options: ReadOptions): AsyncIterable<RowOutcome<Station>> {
  return readTabular(bytes, options, stationsSource);
}
