import type { SiteRecord } from '../domain/records.js';
import type { ColumnSpecs } from './headers.js';
import { readLatLonLocation, requireColumnPair } from './location.js';
import { blankSiteRecord, COMMON_COLUMNS, occupierAttributes, parseOccupierOdsCode, TENURES } from './site-record.js';
import { duplicateTracker, type TabularSource } from './tabular.js';

/** Community Health Partnerships LIFT register, one row per building (docs/formats.md#chp). */
const columns = {
  buildingId: { label: 'Building ID', aliases: ['Building Reference', 'Building Ref', 'Building Code'] },
  name: { label: 'Building Name', aliases: ['Name'] },
  liftCo: { label: 'LIFTCo', aliases: ['LIFT Co', 'LIFT Company', 'LIFTCo Name'] },
  postcode: COMMON_COLUMNS.postcode,
  latitude: { label: 'Latitude', aliases: ['Lat'] },
  longitude: { label: 'Longitude', aliases: ['Lon', 'Long', 'Lng'] },
  giaM2: COMMON_COLUMNS.giaM2,
  siteAreaHa: COMMON_COLUMNS.siteAreaHa,
  opened: { label: 'Opened', aliases: ['Opening Date', 'Date Opened', 'Open Date'] },
  leaseExpiry: { label: 'Lease Expiry', aliases: ['Lease Expiry Date', 'Lease End', 'Lease End Date'] },
  voidPct: { label: 'Void (%)', aliases: ['Void', 'Void Space', 'Vacancy'] },
  tenure: COMMON_COLUMNS.tenure,
  occupierOdsCode: COMMON_COLUMNS.occupierOdsCode,
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

export const chpSource: TabularSource<Field, SiteRecord> = {
  columns,
  requiredColumns: ['buildingId'],
  checkHeader: (map) => requireColumnPair(map, columns, 'latitude', 'longitude'),
  converter: () => {
    const firstRowOf = duplicateTracker();
    return (f, row) => {
      const buildingId = f.required('buildingId') ?? '';
      if (buildingId) {
        const first = firstRowOf(buildingId, row);
        if (first !== null)
          f.problem('buildingId', 'duplicate_in_file', `Building ID ${buildingId} is already on row ${first}`);
      }
      const liftCo = f.text('liftCo');
      const opened = f.date('opened');
      const leaseExpiry = f.date('leaseExpiry');
      const giaM2 = f.measure('giaM2', 'giaM2');
      const siteAreaHa = f.measure('siteAreaHa', 'siteAreaHa');
      f.floorWithinLand('giaM2', giaM2, 'siteAreaHa', siteAreaHa);
      return {
        ...blankSiteRecord('chp', buildingId),
        name: f.text('name'),
        postcode: f.postcode('postcode'),
        location: readLatLonLocation(f, 'latitude', 'longitude'),
        giaM2,
        siteAreaHa,
        voidPct: f.measure('voidPct', 'voidPct'),
        tenure: f.choice('tenure', TENURES, 'tenure'),
        attributes: {
          ...(liftCo === null ? {} : { liftCo }),
          ...(opened === null ? {} : { opened }),
          ...(leaseExpiry === null ? {} : { leaseExpiry }),
          ...occupierAttributes(f.parsed('occupierOdsCode', parseOccupierOdsCode)),
        },
      };
    };
  },
};
