import { resolve } from 'node:path';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { readShippedData, type ShippedFileName } from '../../src/reference/shipped-data.js';

const repoRoot = resolve(import.meta.dirname, '../..');

export function repoPath(relativePath: string): string {
  return resolve(repoRoot, relativePath);
}

/** A real public file the repo ships (data/reference/), as published; fails naming the file if it was altered. */
export const shippedBytes = (name: ShippedFileName): Promise<Buffer> => readShippedData(name);

export const shippedText = async (name: ShippedFileName): Promise<string> =>
  (await shippedBytes(name)).toString('utf8');

export interface GlaBoroughProperties {
  NAME: string;
  GSS_CODE: string;
  ONS_INNER: 'T' | 'F';
}

export async function readGlaBoroughs(): Promise<FeatureCollection<Polygon | MultiPolygon, GlaBoroughProperties>> {
  return JSON.parse(await shippedText('london_boroughs_gla_2011.geojson'));
}

export interface CodePointRow {
  /** As the file spells it: OS 7-character form, "E1  6AN" or "EC1A1AA". */
  postcode: string;
  eastingM: number;
  northingM: number;
  /** Admin_district_code: the E09 code of the borough the postcode lies in. */
  districtCode: string;
}

/** Code-Point Open: every field is a plain number or a double-quoted string without commas. */
export async function readCodePoint(): Promise<CodePointRow[]> {
  const lines = (await shippedText('codepoint_open_2018_london.csv')).split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.replace(/"/g, ''));
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`Code-Point file has no ${name} column`);
    return index;
  };
  const [postcode, easting, northing, district] = ['Postcode', 'Eastings', 'Northings', 'Admin_district_code'].map(
    column,
  );
  const rows: CodePointRow[] = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const cells = line.split(',').map((cell) => cell.replace(/"/g, ''));
    rows.push({
      postcode: cells[postcode as number] as string,
      eastingM: Number(cells[easting as number]),
      northingM: Number(cells[northing as number]),
      districtCode: cells[district as number] as string,
    });
  }
  return rows;
}
