import { figure, type Figure } from './figure.js';

/**
 * Per-borough sales values and existing use value (EUV) rates. DOMAIN §9: no borough land values were
 * found, so every figure here is OUR assumption. Where a published number was available we anchor on it
 * and say so; the rest are placed by us between the anchors. A valuer should replace this file's tables
 * with comparables (Land Registry Price Paid for new-build sales, agents' rent and yield evidence for
 * EUV) before any figure is quoted; docs/valuation.md explains how they were built.
 */

export type EuvUse = 'healthcare' | 'office' | 'residential' | 'other';
export const EUV_USES: readonly EuvUse[] = ['healthcare', 'office', 'residential', 'other'];

/** Mean price paid per m² of floor area, all dwellings, 2016, in whole pounds. */
interface BoroughPrice2016 {
  gssCode: string;
  name: string;
  poundsPerM2: number;
  /** 'ons-2016': ONS "House price per square metre" (Oct 2017), as reported by the press; 'ours': our placement. */
  basis: 'ons-2016' | 'ours';
}

const ons = (gssCode: string, name: string, poundsPerM2: number): BoroughPrice2016 => ({
  gssCode,
  name,
  poundsPerM2,
  basis: 'ons-2016',
});
const ours = (gssCode: string, name: string, poundsPerM2: number): BoroughPrice2016 => ({
  gssCode,
  name,
  poundsPerM2,
  basis: 'ours',
});

/**
 * 2016 price level. Six anchors are the ONS figures for 2016 as the press reported them (ITV News and
 * Yahoo/PA, 12 Oct 2017): Kensington and Chelsea £19,439, City of London £17,371, Westminster £16,246,
 * Camden £12,671, Hammersmith and Fulham £10,718, Barking and Dagenham £3,994 (London's lowest); London's
 * mean was £6,639. The other 27 are ours, placed by our reading of relative borough price levels so that
 * the anchors' order holds; they are not from the ONS table, which we did not obtain.
 */
export const BOROUGH_PRICES_2016: readonly BoroughPrice2016[] = [
  ons('E09000001', 'City of London', 17_371),
  ons('E09000002', 'Barking and Dagenham', 3_994),
  ours('E09000003', 'Barnet', 6_100),
  ours('E09000004', 'Bexley', 4_100),
  ours('E09000005', 'Brent', 6_300),
  ours('E09000006', 'Bromley', 5_000),
  ons('E09000007', 'Camden', 12_671),
  ours('E09000008', 'Croydon', 4_500),
  ours('E09000009', 'Ealing', 6_100),
  ours('E09000010', 'Enfield', 4_900),
  ours('E09000011', 'Greenwich', 5_500),
  ours('E09000012', 'Hackney', 8_000),
  ons('E09000013', 'Hammersmith and Fulham', 10_718),
  ours('E09000014', 'Haringey', 7_000),
  ours('E09000015', 'Harrow', 5_200),
  ours('E09000016', 'Havering', 4_100),
  ours('E09000017', 'Hillingdon', 4_800),
  ours('E09000018', 'Hounslow', 5_100),
  ours('E09000019', 'Islington', 9_500),
  ons('E09000020', 'Kensington and Chelsea', 19_439),
  ours('E09000021', 'Kingston upon Thames', 5_600),
  ours('E09000022', 'Lambeth', 7_600),
  ours('E09000023', 'Lewisham', 5_600),
  ours('E09000024', 'Merton', 6_300),
  ours('E09000025', 'Newham', 5_000),
  ours('E09000026', 'Redbridge', 4_900),
  ours('E09000027', 'Richmond upon Thames', 7_800),
  ours('E09000028', 'Southwark', 7_900),
  ours('E09000029', 'Sutton', 4_600),
  ours('E09000030', 'Tower Hamlets', 7_400),
  ours('E09000031', 'Waltham Forest', 5_400),
  ours('E09000032', 'Wandsworth', 8_600),
  ons('E09000033', 'Westminster', 16_246),
];

export const salesUpliftSince2016Pct = figure(
  10,
  '% over the 2016 price level',
  'none: our assumption, covering both house price change from 2016 to 2026 and the premium new homes fetch over the existing stock the 2016 prices describe',
  'assumption',
);

/** Pence per m² of saleable (net internal) area for new market homes, by borough GSS code. */
export const salesValuePencePerM2: Figure<Readonly<Record<string, number>>> = figure(
  Object.fromEntries(
    BOROUGH_PRICES_2016.map((b) => [b.gssCode, b.poundsPerM2 * (100 + salesUpliftSince2016Pct.value)]),
  ),
  'pence per m² NIA',
  'none: our assumption. 2016 price per m² (ONS "House price per square metre", Oct 2017, via ITV News and PA for ' +
    'City, Barking and Dagenham, Camden, Hammersmith and Fulham, Kensington and Chelsea, Westminster; our placement for the other 27) ' +
    `plus ${salesUpliftSince2016Pct.value}% (sales.uplift_since_2016)`,
  'assumption',
);

/**
 * EUV value zones: boroughs grouped by their 2016 price level, since commercial and healthcare values
 * follow location much as homes do. Prime ≥ £10,000/m², inner ≥ £6,500/m², outer below.
 */
export type EuvZone = 'prime' | 'inner' | 'outer';
const PRIME_MIN_POUNDS_PER_M2 = 10_000;
const INNER_MIN_POUNDS_PER_M2 = 6_500;

export function euvZoneOf(poundsPerM2In2016: number): EuvZone {
  if (poundsPerM2In2016 >= PRIME_MIN_POUNDS_PER_M2) return 'prime';
  if (poundsPerM2In2016 >= INNER_MIN_POUNDS_PER_M2) return 'inner';
  return 'outer';
}

/**
 * Capital value per m² GIA of the buildings as they are used today, no hope value (PPG Viability
 * para 015). Each is a rent capitalised at a yield, both ours: healthcare £130/£175/£240 per m² a year at
 * 8%/7%/6% (outer/inner/prime); offices £200/£315/£540 at 8%/7%/6%; staff housing and other residential
 * £240/£350/£600 at 8%/7%/6%; other (stores, workshops, plant) £70/£85/£120 at 8.75%/7%/6%.
 */
const ZONE_RATES_POUNDS_PER_M2: Readonly<Record<EuvZone, Readonly<Record<EuvUse, number>>>> = {
  outer: { healthcare: 1_625, office: 2_500, residential: 3_000, other: 800 },
  inner: { healthcare: 2_500, office: 4_500, residential: 5_000, other: 1_214 },
  prime: { healthcare: 4_000, office: 9_000, residential: 10_000, other: 2_000 },
};

/** Pence per m² GIA, by borough GSS code, then by existing use. */
export const euvRatePencePerM2: Figure<Readonly<Record<string, Readonly<Record<EuvUse, number>>>>> = figure(
  Object.fromEntries(
    BOROUGH_PRICES_2016.map((b) => {
      const zone = ZONE_RATES_POUNDS_PER_M2[euvZoneOf(b.poundsPerM2)];
      return [b.gssCode, Object.fromEntries(EUV_USES.map((use) => [use, zone[use] * 100])) as Record<EuvUse, number>];
    }),
  ),
  'pence per m² GIA',
  'none: our assumption. Rent capitalised at a yield per use, in three value zones set by the 2016 price level ' +
    '(prime ≥ £10,000/m², inner ≥ £6,500/m², outer below); no depreciated replacement cost for specialised buildings',
  'assumption',
);
