import { checkBngPoint } from '../../geo/bounds.js';
import { normalisePostcode } from '../../geo/postcode.js';
import type { ColumnSpecs } from './headers.js';
import type { TabularSource } from './tabular.js';

/** A postcode unit's centroid on the National Grid, and its local authority (GSS code) when the file gives one. */
export interface PostcodePoint {
  /** Normalised: "E1 6AN". */
  postcode: string;
  eastingM: number;
  northingM: number;
  localAuthorityCode: string | null;
}

/** Code-Point Open's columns in order, for the files OS ships without a header row. */
const CODE_POINT_OPEN_HEADER = [
  'Postcode',
  'Positional_quality_indicator',
  'Eastings',
  'Northings',
  'Country_code',
  'NHS_regional_HA_code',
  'NHS_HA_code',
  'Admin_county_code',
  'Admin_district_code',
  'Admin_ward_code',
];

/** Code-Point Open (with or without its header) or the ONS Postcode Directory (pcds/pcd, oseast1m, osnrth1m, oslaua). */
const columns = {
  postcode: { label: 'Postcode', aliases: ['pcds', 'pcd', 'pcd2', 'Post Code'] },
  eastingM: { label: 'Eastings', aliases: ['Easting', 'oseast1m'] },
  northingM: { label: 'Northings', aliases: ['Northing', 'osnrth1m'] },
  localAuthorityCode: { label: 'Admin_district_code', aliases: ['oslaua', 'laua', 'Local Authority Code'] },
} satisfies ColumnSpecs<string>;

type Field = keyof typeof columns;

/** ONSPD gives Northern Ireland's postcodes Irish Grid references in the same columns: not British National Grid. */
const NORTHERN_IRELAND = /^BT/;

export const postcodeDirectorySource: TabularSource<Field, PostcodePoint> = {
  columns,
  requiredColumns: ['postcode', 'eastingM', 'northingM'],
  impliedHeader: (firstRow) => (normalisePostcode(firstRow[0] ?? '') === null ? null : CODE_POINT_OPEN_HEADER),
  converter: () => (f) => {
    const postcodeText = f.required('postcode');
    const postcode = postcodeText === null ? null : f.postcode('postcode');
    const eastingM = f.number('eastingM');
    const northingM = f.number('northingM');
    const noGridReference = !f.given('eastingM') || !f.given('northingM') || (eastingM === 0 && northingM === 0);
    if (noGridReference) {
      f.problem('eastingM', 'missing_required', 'the directory gives this postcode no grid reference');
    } else if (postcode && NORTHERN_IRELAND.test(postcode)) {
      f.problem(
        'eastingM',
        'outside_great_britain',
        `${postcode} is in Northern Ireland, whose grid references are Irish Grid`,
      );
    } else if (eastingM !== null && northingM !== null && checkBngPoint({ eastingM, northingM })) {
      f.problem(
        'eastingM',
        'outside_great_britain',
        `${eastingM}, ${northingM} is outside Great Britain's National Grid`,
      );
    }
    return {
      postcode: postcode ?? '',
      eastingM: eastingM ?? 0,
      northingM: northingM ?? 0,
      localAuthorityCode: f.text('localAuthorityCode'),
    };
  },
};
