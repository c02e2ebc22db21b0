import type { RowProblem } from '../domain/records.js';
import type { TableReading } from './table-reader.js';

/**
 * How a file was read, reported in the upload's summary (`readAs`): a table's format, encoding and
 * separator; a GeoJSON file's coordinate system and where it came from.
 */
export type FileReading = TableReading | GeoJsonReading;

export interface GeoJsonReading {
  format: 'geojson';
  crs: 'EPSG:27700' | 'EPSG:4326';
  /** `file`: its `crs` member; `option`: the uploader's `--crs`; `detected`: from the coordinates' range. */
  crsFrom: 'file' | 'option' | 'detected';
}

/**
 * What one row of an upload became. `row` is the number a spreadsheet user sees (header row 1, first data row 2;
 * for headerless ODS files line 1 is row 1), so a rejection report points at the cell they must fix.
 * `raw` is the row as read, keyed by the file's own header text (or column1.. for headerless files).
 */
export type RowOutcome<R> =
  | { kind: 'accepted'; row: number; raw: Record<string, string>; record: R }
  | { kind: 'rejected'; row: number; raw: Record<string, string>; problems: RowProblem[] };

export interface ReadOptions {
  filename: string;
  /** Boundaries only: the CRS of a GeoJSON file that does not declare one. */
  crs?: 'EPSG:27700' | 'EPSG:4326';
  /** Boundaries only: the feature property holding the site reference. */
  referenceProperty?: string;
  /**
   * The year the upload was made (its created_at, so a re-read after a crash judges the same): no
   * year built may be after it. Required of uploads (UploadReadOptions); directories have no years.
   */
  uploadedYear?: number;
  /** Told once, before the first row, how the file is being read. */
  onRead?: (reading: FileReading) => void;
  /** XLSX only: refuse a workbook that inflates beyond this many bytes (zip bombs); default 200 MB. */
  maxUnzippedBytes?: number;
}

/** An upload's rows are judged against the year it was made. */
export type UploadReadOptions = ReadOptions & { uploadedYear: number };

export const DEFAULT_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
