import type { LandSite } from '../../db/land.js';
import { toCsv } from '../../export/csv.js';

/** The Brownfield Land Register 2017 CSV standard's 28 columns, in order (DOMAIN.md §7). */
export const BROWNFIELD_COLUMNS = [
  'OrganisationURI',
  'OrganisationLabel',
  'SiteReference',
  'PreviouslyPartOf',
  'SiteNameAddress',
  'SiteplanURL',
  'CoordinateReferenceSystem',
  'GeoX',
  'GeoY',
  'Hectares',
  'OwnershipStatus',
  'Deliverable',
  'PlanningStatus',
  'PermissionType',
  'PermissionDate',
  'PlanningHistory',
  'ProposedForPIP',
  'MinNetDwellings',
  'DevelopmentDescription',
  'NonHousingDevelopment',
  'Part2',
  'NetDwellingsRangeFrom',
  'NetDwellingsRangeTo',
  'HazardousSubstances',
  'SiteInformation',
  'Notes',
  'FirstAddedDate',
  'LastUpdatedDate',
] as const;

/** The register's Hectares: measured from the outline where one is known, else the area the register states. */
const hectares = (s: LandSite): string => {
  const ha = s.outlineAreaHa ?? s.siteAreaHa;
  return ha === null ? '' : ha.toFixed(2);
};

/**
 * Released and pipeline land as a Brownfield Land Register CSV. The register is kept by the
 * local planning authority, so the organisation is the borough the site lies in (its ONS
 * statistical-geography URI). Planning facts we do not hold are left empty, never guessed.
 */
export function brownfieldCsv(sites: readonly LandSite[]): string {
  const rows = sites.map((s) => [
    s.borough ? `http://statistics.data.gov.uk/id/statistical-geography/${s.borough}` : '',
    s.boroughName ?? '',
    `${s.source}-${s.sourceRef}`,
    '',
    [s.name, s.address, s.postcode].filter((part) => part !== null && part !== '').join(', '),
    '',
    'WGS84',
    s.lon.toFixed(6),
    s.lat.toFixed(6),
    hectares(s),
    'owned by a public authority',
    '',
    '',
    '',
    '',
    '',
    '',
    s.homes ?? '',
    '',
    '',
    '',
    '',
    '',
    '',
    s.status === 'released'
      ? 'NHS land released: sale completed'
      : `NHS land in the disposal pipeline: ${s.stage.replace(/_/g, ' ')}`,
    `London Estates site ${s.siteId}; homes are our capacity estimate`,
    s.caseOpenedOn,
    s.updatedOn,
  ]);
  return toCsv([...BROWNFIELD_COLUMNS], rows);
}
