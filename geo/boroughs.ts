import type { BngPoint } from './bng.js';

/**
 * London's five NHS sub-regions: the ICB footprints in force from 1 Jul 2022 (STPs from 2016 had the same
 * footprints). DOMAIN §6 wants sub-regions as dated records; this table is the footprint as at that date, and
 * NWL and NCL are to merge in 2026, so a caller that dates its records should not treat it as timeless.
 */
export type SubRegion = 'NWL' | 'NCL' | 'NEL' | 'SEL' | 'SWL';

export const SUB_REGION_NAMES: Record<SubRegion, string> = {
  NWL: 'North West London',
  NCL: 'North Central London',
  NEL: 'North East London',
  SEL: 'South East London',
  SWL: 'South West London',
};

export interface Borough {
  /** ONS GSS code, E09000001–E09000033. */
  gssCode: string;
  /** The GLA boundary file's NAME ("Westminster", "Barking and Dagenham"). */
  name: string;
  subRegion: SubRegion;
  /** ONS Inner London (the GLA file's ONS_INNER). */
  inner: boolean;
  /** Where a site with only a borough is drawn; not a place to value or score from. */
  centroid: BngPoint;
}

const borough = (
  gssCode: string,
  name: string,
  subRegion: SubRegion,
  inner: boolean,
  eastingM: number,
  northingM: number,
): Borough => Object.freeze({ gssCode, name, subRegion, inner, centroid: Object.freeze({ eastingM, northingM }) });

/**
 * The 33 London authorities. Names and `inner` are the GLA 2011 boundary file's NAME and ONS_INNER. Centroids
 * are area-weighted (shoelace) centroids of each borough's full-resolution GLA polygon after transforming it to
 * EPSG:27700 with geo/transform.ts, rounded to the metre; test/unit/geo/boroughs.test.ts recomputes them from
 * the shipped data/reference/london_boroughs_gla_2011.geojson.gz and fails if any moves.
 */
export const LONDON_BOROUGHS: readonly Borough[] = Object.freeze([
  borough('E09000001', 'City of London', 'NEL', true, 532480, 181272),
  borough('E09000002', 'Barking and Dagenham', 'NEL', false, 548040, 185088),
  borough('E09000003', 'Barnet', 'NCL', false, 524028, 192316),
  borough('E09000004', 'Bexley', 'SEL', false, 548794, 175487),
  borough('E09000005', 'Brent', 'NWL', false, 520178, 185830),
  borough('E09000006', 'Bromley', 'SEL', false, 542896, 165656),
  borough('E09000007', 'Camden', 'NCL', true, 527864, 184664),
  borough('E09000008', 'Croydon', 'SWL', false, 533290, 163541),
  borough('E09000009', 'Ealing', 'NWL', false, 515888, 181715),
  borough('E09000010', 'Enfield', 'NCL', false, 532424, 196421),
  borough('E09000011', 'Greenwich', 'SEL', false, 542908, 176876),
  borough('E09000012', 'Hackney', 'NEL', true, 534372, 185486),
  borough('E09000013', 'Hammersmith and Fulham', 'NWL', true, 523573, 178945),
  borough('E09000014', 'Haringey', 'NCL', true, 531201, 189643),
  borough('E09000015', 'Harrow', 'NWL', false, 514987, 190067),
  borough('E09000016', 'Havering', 'NEL', false, 554049, 187392),
  borough('E09000017', 'Hillingdon', 'NWL', false, 507890, 183653),
  borough('E09000018', 'Hounslow', 'NWL', false, 513516, 175643),
  borough('E09000019', 'Islington', 'NCL', true, 531129, 184980),
  borough('E09000020', 'Kensington and Chelsea', 'NWL', true, 525537, 179623),
  borough('E09000021', 'Kingston upon Thames', 'SWL', false, 519298, 166820),
  borough('E09000022', 'Lambeth', 'SEL', true, 530845, 174356),
  borough('E09000023', 'Lewisham', 'SEL', true, 537670, 173981),
  borough('E09000024', 'Merton', 'SWL', false, 525476, 169422),
  borough('E09000025', 'Newham', 'NEL', true, 541358, 183013),
  borough('E09000026', 'Redbridge', 'NEL', false, 543915, 189465),
  borough('E09000027', 'Richmond upon Thames', 'SWL', false, 517344, 172814),
  borough('E09000028', 'Southwark', 'SEL', true, 533821, 176666),
  borough('E09000029', 'Sutton', 'SWL', false, 526977, 164134),
  borough('E09000030', 'Tower Hamlets', 'NEL', true, 536399, 181634),
  borough('E09000031', 'Waltham Forest', 'NEL', false, 537758, 190223),
  borough('E09000032', 'Wandsworth', 'SWL', true, 526114, 174045),
  borough('E09000033', 'Westminster', 'NWL', true, 527686, 181044),
]);

/** Lower case, "&" as "and", punctuation as spaces, so "Kingston-upon-Thames" and "Barking & Dagenham" match. */
function nameKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** How councils and registers prefix or suffix a borough's name; stripped before matching. */
const PREFIXES = ['london borough of ', 'royal borough of ', 'borough of ', 'lb of ', 'lb ', 'rb '];
const SUFFIXES = [' london borough council', ' borough council', ' city council', ' council'];

/** Short or official names that are not the GLA NAME (Land Registry says "City of Westminster"). */
const ALIASES: Record<string, string> = {
  'city of westminster': 'E09000033',
  'corporation of london': 'E09000001',
  'city of london corporation': 'E09000001',
  kingston: 'E09000021',
  richmond: 'E09000027',
  'hammersmith fulham': 'E09000013',
  'kensington chelsea': 'E09000020',
  'barking dagenham': 'E09000002',
};

const BY_CODE = new Map(LONDON_BOROUGHS.map((b) => [b.gssCode, b]));
const BY_NAME = new Map<string, Borough>(LONDON_BOROUGHS.map((b) => [nameKey(b.name), b]));
for (const [alias, code] of Object.entries(ALIASES)) {
  const b = BY_CODE.get(code);
  if (b) BY_NAME.set(alias, b);
}

function stripAffixes(key: string): string {
  let stripped = key;
  for (const prefix of PREFIXES) {
    if (stripped.startsWith(prefix)) stripped = stripped.slice(prefix.length);
  }
  for (const suffix of SUFFIXES) {
    if (stripped.endsWith(suffix)) stripped = stripped.slice(0, -suffix.length);
  }
  return stripped;
}

/** The borough a source names, by GSS code or by name in any of the spellings registers use; null if none. */
export function findBorough(nameOrCode: string): Borough | null {
  const code = nameOrCode.trim().toUpperCase();
  const byCode = BY_CODE.get(code);
  if (byCode) return byCode;
  const key = nameKey(nameOrCode);
  return BY_NAME.get(key) ?? BY_NAME.get(stripAffixes(key)) ?? null;
}
