import type { SiteRecord, SurveyBlockRecord, UploadSource } from '../domain/records.js';
import { assumptionSource, type AssumptionRow } from './assumptions.js';
import { readBoundaries, type SiteBoundary } from './boundaries.js';
import { chpSource } from './chp.js';
import { ericSource, type EricRow } from './eric.js';
import { nhspsSource } from './nhsps.js';
import { odsSource, type OdsOrganisation } from './ods.js';
import type { ReadOptions, RowOutcome, UploadReadOptions } from './outcome.js';
import { postcodeDirectorySource, type PostcodePoint } from './postcodes.js';
import { surveySource } from './survey.js';
import { readTabular } from './tabular.js';

export { FileUnreadable } from './file-unreadable.js';
export type { FileReading, ReadOptions, RowOutcome, UploadReadOptions } from './outcome.js';
export type { SiteBoundary } from './boundaries.js';
export type { AssumptionRow } from './assumptions.js';
export type { EricRow } from './eric.js';
export { readIngestRecords, type IngestRecord } from './ingest-record.js';
export type { OdsOrganisation } from './ods.js';
export type { PostcodePoint } from './postcodes.js';

/** What each upload source's rows become. */
export interface UploadRecords {
  nhsps: SiteRecord;
  chp: SiteRecord;
  eric: EricRow;
  survey: SurveyBlockRecord;
  boundaries: SiteBoundary;
}

/**
 * An upload's rows, one outcome each, in file order, produced as they are read (bounded memory).
 * Throws FileUnreadable, before or instead of outcomes, only for a file that cannot be read at all.
 */
export function readUpload<S extends UploadSource>(
  source: S,
  bytes: Uint8Array,
  options: UploadReadOptions,
): AsyncIterable<RowOutcome<UploadRecords[S]>>;
export function readUpload(
  source: UploadSource,
  bytes: Uint8Array,
  options: UploadReadOptions,
): AsyncIterable<RowOutcome<UploadRecords[UploadSource]>> {
  switch (source) {
    case 'nhsps':
      return readTabular(bytes, options, nhspsSource);
    case 'chp':
      return readTabular(bytes, options, chpSource);
    case 'eric':
      return readTabular(bytes, options, ericSource);
    case 'survey':
      return readTabular(bytes, options, surveySource);
    case 'boundaries':
      return readBoundaries(bytes, options);
  }
}

/** NHS Digital ODS files as published (etrust trusts and sites, epraccur GP practices): no header row, Latin-1. */
export function readOdsDirectory(bytes: Uint8Array, options: ReadOptions): AsyncIterable<RowOutcome<OdsOrganisation>> {
  return readTabular(bytes, options, odsSource);
}

/** Code-Point Open (with or without its header row) or the ONS Postcode Directory. */
export function readPostcodeDirectory(
  bytes: Uint8Array,
  options: ReadOptions,
): AsyncIterable<RowOutcome<PostcodePoint>> {
  return readTabular(bytes, options, postcodeDirectorySource);
}

export { readHousePriceIndex } from './house-price-index.js';

/** A valuation assumption table (figure, value, unit, borough, part, source, provenance), CSV or any workbook. */
export function readAssumptionTable(bytes: Uint8Array, options: ReadOptions): AsyncIterable<RowOutcome<AssumptionRow>> {
  return readTabular(bytes, options, assumptionSource);
}
