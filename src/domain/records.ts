/**
 * Canonical records: what every ingest adapter produces, whatever the source's own columns.
 * Units are in the names; money is integer pence; coordinates are British National Grid metres.
 */

export type SiteSource = 'nhsps' | 'chp' | 'eric';
export type UploadSource = SiteSource | 'survey' | 'boundaries';

export type Tenure = 'freehold' | 'leasehold';
export type ListedGrade = 'I' | 'II*' | 'II';

/** A–D condition grades; B(C) sits between B and C; X is stored as D flagged "replace only" (DOMAIN §3). */
export type Grade = 'A' | 'B' | 'B(C)' | 'C' | 'D';
export type SpaceUtilisation = 'empty' | 'under-used' | 'fully-used' | 'overcrowded';

export interface BacklogPence {
  high: number;
  significant: number;
  moderate: number;
  low: number;
}

export type { BngPoint } from '../../geo/bng.js';
import type { BngPoint } from '../../geo/bng.js';

export interface SiteRecord {
  source: SiteSource;
  /** The source's own key (NHSPS Property Reference, CHP Building ID, ERIC Site Code). */
  sourceRef: string;
  name: string | null;
  address: string | null;
  /** Normalised postcode, outward and inward code separated by one space ("E1 6AN"). */
  postcode: string | null;
  /** Given coordinates, already in EPSG:27700; null when the site is to be placed by postcode. */
  location: BngPoint | null;
  /** Local authority as the source gave it (GSS code or name); placement decides the borough. */
  localAuthority: string | null;
  tenure: Tenure | null;
  siteAreaHa: number | null;
  giaM2: number | null;
  primaryUse: string | null;
  yearBuilt: number | null;
  listed: ListedGrade | null;
  annualRunningCostPence: number | null;
  /** Share of floor area occupied (NHSPS Occupancy), 0–100. */
  occupancyPct: number | null;
  /** Void space (CHP), 0–100. */
  voidPct: number | null;
  /** ERIC: empty and under-used floor area, 0–100. */
  emptyPct: number | null;
  underUsedPct: number | null;
  clinicalM2: number | null;
  nonClinicalM2: number | null;
  landOwnedHa: number | null;
  landNotDeliveringHa: number | null;
  notFunctionallySuitablePct: number | null;
  backlogPence: BacklogPence | null;
  /** Site type as published (ERIC `Site Type`), used to spot acute sites. */
  siteType: string | null;
  /** Anything else the source carries that is worth keeping verbatim (LIFTCo, lease expiry, ODS trust…). */
  attributes: Record<string, string | number | boolean | null>;
}

export interface SurveyBlockRecord {
  /** The surveyed site's source reference; a survey for a site not yet known waits for it. */
  siteRef: string;
  block: string;
  /** ISO date, yyyy-mm-dd. */
  surveyDate: string;
  surveyor: string | null;
  giaM2: number | null;
  yearBuilt: number | null;
  physical: Grade;
  /** Surveyed "X": only replacement helps; stored as D with this flag. */
  replaceOnly: boolean;
  functional: Grade | null;
  spaceUtilisation: SpaceUtilisation | null;
  quality: Grade | null;
  statutory: Grade | null;
  environmental: Grade | null;
  backlogPence: BacklogPence;
}

export type RejectionCode =
  | 'missing_required'
  | 'not_a_number'
  | 'out_of_range'
  | 'bad_postcode'
  | 'postcode_not_found'
  | 'outside_great_britain'
  | 'latlon_swapped'
  | 'outside_london'
  | 'bad_grade'
  | 'bad_date'
  | 'bad_value'
  | 'duplicate_in_file'
  | 'invalid_geometry'
  | 'unknown_site'
  | 'no_completed_case'
  | 'reinvestment_decreased'
  | 'unreadable_row'
  | 'future_year'
  | 'floor_area_above_land'
  | 'outline_area_mismatch';

/** One reason a row was refused; a row may carry several. The upload names the file. */
export interface RowProblem {
  field: string;
  code: RejectionCode;
  message: string;
}
