import type { BacklogPence, SiteRecord } from '../domain/records.js';
import type { ColumnSpecs } from './headers.js';
import type { RowFields } from './row-fields.js';
import { blankSiteRecord } from './site-record.js';
import { duplicateTracker, type TabularSource } from './tabular.js';

/**
 * One ERIC site-data row: a site, or the trust's AGGRE row (estate not attributed to any site: not a site, not a
 * total, but kept so trust and London totals add up; DOMAIN §7).
 */
export type EricRow =
  | { kind: 'site'; site: SiteRecord }
  | {
      kind: 'trust-aggregate';
      trustCode: string;
      trustName: string | null;
      giaM2: number | null;
      backlogPence: BacklogPence | null;
      landOwnedHa: number | null;
    };

/**
 * ERIC site data as NHS Digital publishes it. Labels are the 2016-17 headers; aliases carry the other years'
 * names (2013-14, 2015-16, 2019-20; DOMAIN §7). Header matching drops units in brackets, so "(m²)" and "(£)"
 * need no spelling of their own.
 */
const columns = {
  organisationCode: { label: 'Organisation Code', aliases: ['Trust Code', 'Org Code'] },
  organisationName: { label: 'Organisation Name', aliases: ['Trust Name', 'Org Name'] },
  organisationType: { label: 'Organisation Type', aliases: ['Trust Type'] },
  commissioningRegion: { label: 'Commissioning Region' },
  siteCode: { label: 'Site Code' },
  siteName: { label: 'Site Name' },
  siteType: { label: 'Site Type' },
  giaM2: { label: 'Gross internal floor area (m²)', aliases: ['Gross internal site floor area (m²)'] },
  landOwnedHa: { label: 'Land area owned (Hectares)', aliases: ['Site land area (Hectare)'] },
  landNotDeliveringHa: { label: 'Land area not delivering services (Hectares)' },
  clinicalM2: { label: 'Clinical space (m²)' },
  nonClinicalM2: { label: 'Non-clinical space (m²)' },
  notFunctionallySuitablePct: { label: 'Not functionally suitable - occupied floor area (%)' },
  emptyPct: { label: 'Floor area - empty (%)' },
  underUsedPct: { label: 'Floor area - under used (%)' },
  backlogHigh: { label: 'Cost to eradicate high risk backlog (£)' },
  backlogSignificant: { label: 'Cost to eradicate significant risk backlog (£)' },
  backlogModerate: { label: 'Cost to eradicate moderate risk backlog (£)' },
  backlogLow: { label: 'Cost to eradicate low risk backlog (£)' },
  buildingFootprintM2: { label: 'Building footprint (m²)' },
  riskAdjustedBacklog: { label: 'Risk adjusted backlog cost (£)' },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

const AGGREGATE_SITE_CODE = 'AGGRE';

/** All four bands blank or "Not Applicable" is no backlog return at all, not a zero one. */
function backlog(f: RowFields<Field>): BacklogPence | null {
  const bands = {
    high: f.pence('backlogHigh'),
    significant: f.pence('backlogSignificant'),
    moderate: f.pence('backlogModerate'),
    low: f.pence('backlogLow'),
  };
  if (Object.values(bands).every((p) => p === null)) return null;
  return {
    high: bands.high ?? 0,
    significant: bands.significant ?? 0,
    moderate: bands.moderate ?? 0,
    low: bands.low ?? 0,
  };
}

function isAggregate(f: RowFields<Field>): boolean {
  return f.text('siteCode')?.toUpperCase() === AGGREGATE_SITE_CODE || /^aggregate/i.test(f.text('siteType') ?? '');
}

export const ericSource: TabularSource<Field, EricRow> = {
  columns,
  requiredColumns: ['organisationCode', 'siteCode'],
  converter: () => {
    const firstRowOf = duplicateTracker();
    return (f, row) => {
      const trustCode = f.required('organisationCode') ?? '';
      if (isAggregate(f)) {
        if (trustCode) {
          const first = firstRowOf(`${AGGREGATE_SITE_CODE} ${trustCode}`, row);
          if (first !== null)
            f.problem('siteCode', 'duplicate_in_file', `trust ${trustCode}'s aggregate row is already on row ${first}`);
        }
        // An aggregate may hold no floor area of its own, so zero is allowed here, unlike a site's GIA.
        return {
          kind: 'trust-aggregate',
          trustCode,
          trustName: f.text('organisationName'),
          giaM2: f.measure('giaM2', 'trustGiaM2'),
          backlogPence: backlog(f),
          landOwnedHa: f.measure('landOwnedHa', 'trustLandOwnedHa'),
        };
      }
      const siteCode = f.required('siteCode') ?? '';
      if (siteCode) {
        const first = firstRowOf(siteCode, row);
        if (first !== null)
          f.problem('siteCode', 'duplicate_in_file', `Site Code ${siteCode} is already on row ${first}`);
      }
      const landOwnedHa = f.measure('landOwnedHa', 'landOwnedHa');
      const footprintM2 = f.measure('buildingFootprintM2', 'buildingFootprintM2');
      const giaM2 = f.measure('giaM2', 'giaM2');
      f.floorWithinLand('giaM2', giaM2, 'landOwnedHa', landOwnedHa);
      const riskAdjustedBacklogPence = f.pence('riskAdjustedBacklog');
      const attributes: SiteRecord['attributes'] = {
        organisationCode: trustCode,
        organisationName: f.text('organisationName'),
      };
      const organisationType = f.text('organisationType');
      const commissioningRegion = f.text('commissioningRegion');
      if (organisationType !== null) attributes.organisationType = organisationType;
      if (commissioningRegion !== null) attributes.commissioningRegion = commissioningRegion;
      if (footprintM2 !== null) attributes.buildingFootprintM2 = footprintM2;
      if (riskAdjustedBacklogPence !== null) attributes.riskAdjustedBacklogPence = riskAdjustedBacklogPence;
      return {
        kind: 'site',
        site: {
          ...blankSiteRecord('eric', siteCode),
          name: f.text('siteName'),
          siteType: f.text('siteType'),
          giaM2,
          // ERIC has no site area; the land the trust owns there is the nearest measure, and none owned is unknown.
          siteAreaHa: landOwnedHa !== null && landOwnedHa > 0 ? landOwnedHa : null,
          landOwnedHa,
          landNotDeliveringHa: f.measure('landNotDeliveringHa', 'landNotDeliveringHa'),
          clinicalM2: f.measure('clinicalM2', 'clinicalM2'),
          nonClinicalM2: f.measure('nonClinicalM2', 'nonClinicalM2'),
          notFunctionallySuitablePct: f.measure('notFunctionallySuitablePct', 'notFunctionallySuitablePct'),
          emptyPct: f.measure('emptyPct', 'emptyPct'),
          underUsedPct: f.measure('underUsedPct', 'underUsedPct'),
          backlogPence: backlog(f),
          attributes,
        },
      };
    };
  },
};
