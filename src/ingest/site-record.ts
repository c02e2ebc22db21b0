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
} as const satisfies Record<string, ColumnSpec>;

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
