import type { CsvCell } from '../export/csv.js';
import { formatDayMonthYear } from './calendar.js';
import type { ChpSite, NhspsSite } from './demo-site.js';
import type { DemoSurveyBlock } from './survey-blocks.js';
import type { WorkbookCell } from '../export/xlsx.js';

/** The product's import formats (docs/formats.md): header names exactly as the adapters read them. */
export const NHSPS_HEADER = [
  'Property Reference',
  'Property Name',
  'Address',
  'Postcode',
  'Easting',
  'Northing',
  'Local Authority',
  'Tenure',
  'Site Area (ha)',
  'GIA (m2)',
  'Primary Use',
  'Occupancy (%)',
  'Year Built',
  'Listed Building',
  'Annual Running Cost (GBP)',
] as const;

export const CHP_SHEET_NAME = 'LIFT buildings';
export const CHP_HEADER = [
  'Building ID',
  'Building Name',
  'LIFTCo',
  'Postcode',
  'Latitude',
  'Longitude',
  'GIA (m2)',
  'Site Area (ha)',
  'Opened',
  'Lease Expiry',
  'Void (%)',
  'Tenure',
] as const;

export const SURVEY_HEADER = [
  'Site Reference',
  'Block',
  'Survey Date',
  'Surveyor',
  'GIA (m2)',
  'Year Built',
  'Physical Condition',
  'Functional Suitability',
  'Space Utilisation',
  'Quality',
  'Statutory Compliance',
  'Environmental',
  'Backlog High (GBP)',
  'Backlog Significant (GBP)',
  'Backlog Moderate (GBP)',
  'Backlog Low (GBP)',
] as const;

/** A row as its header names it, so a bad row can swap one cell by name and the order stays the header's. */
export type NamedRow<H extends readonly string[], C> = Record<H[number], C>;

export const inHeaderOrder = <H extends readonly string[], C>(header: H, row: NamedRow<H, C>): C[] =>
  header.map((name: H[number]) => row[name]);

export function nhspsRow(site: NhspsSite): NamedRow<typeof NHSPS_HEADER, CsvCell> {
  return {
    'Property Reference': site.ref,
    'Property Name': site.name,
    Address: site.address,
    // No postcode directory ships with the product, so a made-up one could name the wrong street: the
    // register gives grid coordinates instead, and placement uses those.
    Postcode: null,
    Easting: site.location.point.eastingM,
    Northing: site.location.point.northingM,
    'Local Authority': site.borough.name,
    Tenure: site.tenure,
    'Site Area (ha)': site.siteAreaHa.toFixed(2),
    'GIA (m2)': site.giaM2,
    'Primary Use': site.primaryUse,
    'Occupancy (%)': site.occupiedPct,
    'Year Built': site.yearBuilt,
    // "No" when unlisted, else the grade as Historic England writes it ("II*").
    'Listed Building': site.listed ?? 'No',
    'Annual Running Cost (GBP)': site.annualRunningCostGbp,
  };
}

export function chpRow(site: ChpSite): NamedRow<typeof CHP_HEADER, WorkbookCell> {
  return {
    'Building ID': site.ref,
    'Building Name': site.name,
    LIFTCo: site.liftCo,
    // As for NHSPS: coordinates, not an invented postcode.
    Postcode: null,
    Latitude: site.location.lat,
    Longitude: site.location.lon,
    'GIA (m2)': site.giaM2,
    'Site Area (ha)': site.siteAreaHa,
    Opened: site.opened,
    'Lease Expiry': site.leaseExpiry,
    'Void (%)': 100 - site.occupiedPct,
    Tenure: site.tenure,
  };
}

export function surveyRow(block: DemoSurveyBlock): NamedRow<typeof SURVEY_HEADER, CsvCell> {
  const [high, significant, moderate, low] = block.backlogGbp;
  return {
    'Site Reference': block.siteRef,
    Block: block.block,
    'Survey Date': formatDayMonthYear(block.surveyDate),
    Surveyor: block.surveyor,
    'GIA (m2)': block.giaM2,
    'Year Built': block.yearBuilt,
    'Physical Condition': block.physical,
    'Functional Suitability': block.functional,
    'Space Utilisation': block.spaceUtilisation,
    Quality: block.quality,
    'Statutory Compliance': block.statutory,
    Environmental: block.environmental,
    'Backlog High (GBP)': high,
    'Backlog Significant (GBP)': significant,
    'Backlog Moderate (GBP)': moderate,
    'Backlog Low (GBP)': low,
  };
}
