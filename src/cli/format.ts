import { EstatesError } from '../errors.js';
import type { GeoJsonCrs } from '../ingest/geojson-crs.js';
import type { FileReading, GeoJsonReading } from '../ingest/outcome.js';
import type { Separator } from '../ingest/table-reader.js';

/** UK formatting for people: £1.2m, 0.42 ha. */
export function formatPounds(pence: number | null): string {
  if (pence === null) return '—';
  const pounds = pence / 100;
  if (Math.abs(pounds) >= 1e9) return `£${(pounds / 1e9).toFixed(2)}bn`;
  if (Math.abs(pounds) >= 1e6) return `£${(pounds / 1e6).toFixed(1)}m`;
  if (Math.abs(pounds) >= 1e3) return `£${Math.round(pounds / 1e3)}k`;
  return `£${Math.round(pounds)}`;
}

export const formatHa = (ha: number | null): string => (ha === null ? '—' : `${ha.toFixed(2)} ha`);

/** `--crs` of every command that reads geometry: the two systems the one CRS rule knows. */
export function crsOption(value: string | undefined): GeoJsonCrs | undefined {
  if (value === undefined) return undefined;
  if (value === 'EPSG:27700' || value === 'EPSG:4326') return value;
  throw new EstatesError(
    'bad_input',
    `--crs must be EPSG:27700 (British National Grid metres) or EPSG:4326 (longitude/latitude), not "${value}"`,
  );
}

const SEPARATOR_NAMES: Record<Separator, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'pipes (|)',
  '¬': 'not signs (¬)',
};

const CRS_FROM: Record<GeoJsonReading['crsFrom'], string> = {
  file: "as the file's crs member says",
  option: 'as --crs said',
  detected: 'detected from the coordinates (the file declares none)',
};

export const describeGeoJson = (reading: GeoJsonReading): string =>
  `GeoJSON in ${reading.crs}, ${CRS_FROM[reading.crsFrom]}`;

/** How a file was read (an upload summary's readAs), in words. */
export function describeReading(reading: FileReading): string {
  switch (reading.format) {
    case 'csv':
      return `delimited text, ${reading.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252 (Latin-1)'}, separated by ${SEPARATOR_NAMES[reading.separator]}`;
    case 'xlsx':
      return 'XLSX workbook';
    case 'xls':
      return 'Excel 97–2003 (.xls) workbook';
    case 'ods':
      return 'OpenDocument (.ods) spreadsheet';
    case 'geojson':
      return describeGeoJson(reading);
  }
}
