import type { SiteRecord } from '../domain/records.js';
import { FileUnreadable } from './file-unreadable.js';
import { describeHeader, type ColumnSpecs } from './headers.js';
import { readBngLocation, requireColumnPair } from './location.js';
import {
  blankSiteRecord,
  COMMON_COLUMNS,
  occupierAttributes,
  parseListed,
  parseOccupierOdsCode,
  TENURES,
} from './site-record.js';
import { duplicateTracker, type TabularSource } from './tabular.js';

/** NHS Property Services register, one row per property (docs/formats.md#nhsps). */
const columns = {
  reference: { label: 'Property Reference', aliases: ['Property Ref', 'Property ID', 'Property Code'] },
  name: { label: 'Property Name', aliases: ['Name', 'Site Name'] },
  address: { label: 'Address', aliases: ['Property Address', 'Full Address'] },
  postcode: COMMON_COLUMNS.postcode,
  easting: { label: 'Easting', aliases: ['Eastings', 'OS Easting', 'X'] },
  northing: { label: 'Northing', aliases: ['Northings', 'OS Northing', 'Y'] },
  localAuthority: {
    label: 'Local Authority',
    aliases: ['LA', 'LA Code', 'Local Authority Code', 'Local Authority Name', 'Borough'],
  },
  tenure: COMMON_COLUMNS.tenure,
  siteAreaHa: COMMON_COLUMNS.siteAreaHa,
  giaM2: COMMON_COLUMNS.giaM2,
  primaryUse: { label: 'Primary Use', aliases: ['Main Use', 'Use'] },
  occupancyPct: { label: 'Occupancy (%)', aliases: ['Occupancy', 'Occupancy Rate', 'Occupied (%)'] },
  yearBuilt: COMMON_COLUMNS.yearBuilt,
  occupierOdsCode: COMMON_COLUMNS.occupierOdsCode,
  listed: { label: 'Listed Building', aliases: ['Listed', 'Listed Grade', 'Listed Building Grade', 'Listing'] },
  runningCost: {
    label: 'Annual Running Cost (GBP)',
    aliases: ['Annual Running Cost', 'Running Cost', 'Running Costs', 'Annual Cost'],
  },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

export const nhspsSource: TabularSource<Field, SiteRecord> = {
  columns,
  requiredColumns: ['reference'],
  checkHeader: (map) => {
    requireColumnPair(map, columns, 'easting', 'northing');
    if (map.at.easting === undefined && map.at.postcode === undefined) {
      throw new FileUnreadable(
        `the header row has neither "Easting" and "Northing" columns nor a "Postcode" column, so no property can be located; columns found: ${describeHeader(map.header)}`,
      );
    }
  },
  converter: () => {
    const firstRowOf = duplicateTracker();
    return (f, row) => {
      const reference = f.required('reference') ?? '';
      if (reference) {
        const first = firstRowOf(reference, row);
        if (first !== null)
          f.problem('reference', 'duplicate_in_file', `Property Reference ${reference} is already on row ${first}`);
      }
      const location = readBngLocation(f, 'easting', 'northing');
      const postcode = f.postcode('postcode');
      if (!f.given('easting') && !f.given('northing') && !f.given('postcode')) {
        f.problem('postcode', 'missing_required', 'a location is required: Easting and Northing, or a Postcode');
      }
      const siteAreaHa = f.measure('siteAreaHa', 'siteAreaHa');
      const giaM2 = f.measure('giaM2', 'giaM2');
      f.floorWithinLand('giaM2', giaM2, 'siteAreaHa', siteAreaHa);
      return {
        ...blankSiteRecord('nhsps', reference),
        name: f.text('name'),
        address: f.text('address'),
        postcode,
        location,
        localAuthority: f.text('localAuthority'),
        tenure: f.choice('tenure', TENURES, 'tenure'),
        siteAreaHa,
        giaM2,
        primaryUse: f.text('primaryUse'),
        occupancyPct: f.measure('occupancyPct', 'occupancyPct'),
        yearBuilt: f.measure('yearBuilt', 'yearBuilt'),
        listed: f.parsed('listed', parseListed),
        annualRunningCostPence: f.pence('runningCost'),
        attributes: occupierAttributes(f.parsed('occupierOdsCode', parseOccupierOdsCode)),
      };
    };
  },
};
