import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The team's shared data folder: ../shared/data beside the repo, or SHARED_DATA_DIR. */
export function sharedDataPath(fileName: string): string {
  return resolve(process.env.SHARED_DATA_DIR ?? resolve(repoRoot, '../shared/data'), fileName);
}

export function repoPath(relativePath: string): string {
  return resolve(repoRoot, relativePath);
}

export interface GlaBoroughProperties {
  NAME: string;
  GSS_CODE: string;
  ONS_INNER: 'T' | 'F';
}

export function readGlaBoroughs(): FeatureCollection<Polygon | MultiPolygon, GlaBoroughProperties> {
  return JSON.parse(readFileSync(sharedDataPath('london_boroughs_gla_2011.geojson'), 'utf8'));
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
export function readCodePoint(): CodePointRow[] {
  const lines = readFileSync(sharedDataPath('codepoint_open_2018_london.csv'), 'utf8').split(/\r?\n/);
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
