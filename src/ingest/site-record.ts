import type { ListedGrade, SiteRecord, SiteSource, Tenure } from '../domain/records.js';
import type { ColumnSpec } from './headers.js';
import type { Parsed } from './values.js';
import { isNoValue } from './values.js';

/** A site record with nothing known yet; each adapter fills what its source carries. */
export function blankSiteRecord(source: SiteSource, sourceRef: string): SiteRecord {
  return {
    source,
    sourceRef,
    name: null,
    address: null,
    postcode: null,
    location: null,
    localAuthority: null,
    tenure: null,
    siteAreaHa: null,
    giaM2: null,
    primaryUse: null,
    yearBuilt: null,
    listed: null,
    annualRunningCostPence: null,
    occupancyPct: null,
    voidPct: null,
    emptyPct: null,
    underUsedPct: null,
    clinicalM2: null,
    nonClinicalM2: null,
    landOwnedHa: null,
    landNotDeliveringHa: null,
    notFunctionallySuitablePct: null,
    backlogPence: null,
    siteType: null,
    attributes: {},
  };
}

/** Columns several registers share, spelt once so their aliases stay the same everywhere. */
export const COMMON_COLUMNS = {
  postcode: { label: 'Postcode', aliases: ['Post Code', 'Postal Code'] },
  tenure: { label: 'Tenure', aliases: ['Tenure Type', 'Ownership'] },
  siteAreaHa: { label: 'Site Area (ha)', aliases: ['Site Area', 'Site Area Hectares', 'Land Area (ha)'] },
  giaM2: {
    label: 'GIA (m2)',
    aliases: [
      'GIA',
      'GIA m²',
      'GIA sqm',
      'Gross Internal Area',
      'Gross internal area (sqm)',
      'Gross Internal Floor Area',
    ],
  },
  yearBuilt: { label: 'Year Built', aliases: ['Build Year', 'Year of Construction', 'Construction Year', 'Built'] },
  occupierOdsCode: {
    label: 'Occupier ODS Code',
    // not a bare "ODS Code": a register's own site code would stop its sites being linked by postcode
    aliases: ['Practice Code', 'GP Practice Code', 'Practice ODS Code', 'Occupier Code'],
  },
} as const satisfies Record<string, ColumnSpec>;

/** A record's attributes naming its occupying practice, or none. */
export const occupierAttributes = (odsCode: string | null): SiteRecord['attributes'] =>
  odsCode === null ? {} : { occupierOdsCode: odsCode };

/** The ODS code of the GP practice occupying a site, as `attributes.occupierOdsCode`; other shapes are bad_value. */
export function parseOccupierOdsCode(text: string): Parsed<string | null> {
  if (isNoValue(text)) return { ok: true, value: null };
  const code = text.trim().toUpperCase();
  if (/^[A-Z0-9]{3,6}$/.test(code)) return { ok: true, value: code };
  return { ok: false, code: 'bad_value', message: `"${text.trim()}" is not an ODS code (3 to 6 letters and digits)` };
}

export const TENURES: ReadonlyArray<readonly [string, Tenure]> = [
  ['Freehold', 'freehold'],
  ['Leasehold', 'leasehold'],
  ['FH', 'freehold'],
  ['LH', 'leasehold'],
];

const LISTED: ReadonlyArray<readonly [string, ListedGrade | 'none']> = [
  ['I', 'I'],
  ['II*', 'II*'],
  ['II', 'II'],
  ['None', 'none'],
  ['No', 'none'],
  ['Not listed', 'none'],
  ['Unlisted', 'none'],
];

/** Listed-building grade: I, II*, II (optionally "Grade II"), or None; anything else is a bad grade. */
export function parseListed(text: string): Parsed<ListedGrade | null> {
  if (isNoValue(text)) return { ok: true, value: null };
  const key = text
    .trim()
    .toLowerCase()
    .replace(/^grade\s*/, '')
    .replace(/\s+/g, '');
  const hit = LISTED.find(([name]) => name.toLowerCase().replace(/\s+/g, '') === key);
  if (!hit)
    return {
      ok: false,
      code: 'bad_grade',
      message: `"${text.trim()}" is not a listed-building grade: use I, II*, II or None`,
    };
  return { ok: true, value: hit[1] === 'none' ? null : hit[1] };
}
