import type { SubRegion } from '../../geo/boroughs.js';

/**
 * Portfolio totals of valued sites: by borough, by NHS sub-region, and for the five devolution pilot
 * areas of the December 2015 London agreement (DOMAIN §1), a saved view keyed by GSS codes. Receipts are
 * summed in integer pence and hectares as whole square metres, so totals do not depend on the sites' order.
 */

export interface PortfolioSite {
  siteRef: string;
  boroughGss: string;
  subRegion: SubRegion;
  developableAreaHa: number;
  homes: number;
  marketValuePence: number;
  netReceiptPence: number;
  incomplete: boolean;
}

export interface PortfolioTotals {
  sites: number;
  homes: number;
  hectares: number;
  marketValuePence: number;
  netReceiptPence: number;
  /** Sites whose valuation leaves out borough CIL or S106: their receipts are overstated. */
  incompleteSites: number;
}

export type PilotAreaId =
  | 'haringey'
  | 'barking-dagenham-havering-redbridge'
  | 'north-central-london'
  | 'hackney'
  | 'lewisham';

export interface PilotArea {
  id: PilotAreaId;
  name: string;
  /** What the pilot was for (London health devolution agreement, Dec 2015). */
  theme: string;
  gssCodes: readonly string[];
}

/** Haringey is in two pilots (its own and North Central London); each pilot's totals stand alone. */
export const DEVOLUTION_PILOT_AREAS: readonly PilotArea[] = [
  { id: 'haringey', name: 'Haringey', theme: 'prevention', gssCodes: ['E09000014'] },
  {
    id: 'barking-dagenham-havering-redbridge',
    name: 'Barking & Dagenham, Havering and Redbridge',
    theme: 'accountable care',
    gssCodes: ['E09000002', 'E09000016', 'E09000026'],
  },
  {
    id: 'north-central-london',
    name: 'North Central London (Barnet, Camden, Enfield, Haringey, Islington)',
    theme: 'estates',
    gssCodes: ['E09000003', 'E09000007', 'E09000010', 'E09000014', 'E09000019'],
  },
  { id: 'hackney', name: 'Hackney', theme: 'pooled budgets', gssCodes: ['E09000012'] },
  { id: 'lewisham', name: 'Lewisham', theme: 'physical, mental and social care joined up', gssCodes: ['E09000023'] },
];

export function totalsOf(sites: readonly PortfolioSite[]): PortfolioTotals {
  const totals: PortfolioTotals = {
    sites: 0,
    homes: 0,
    hectares: 0,
    marketValuePence: 0,
    netReceiptPence: 0,
    incompleteSites: 0,
  };
  let areaM2 = 0;
  for (const site of sites) {
    totals.sites += 1;
    totals.homes += site.homes;
    areaM2 += Math.round(site.developableAreaHa * 10_000);
    totals.marketValuePence += site.marketValuePence;
    totals.netReceiptPence += site.netReceiptPence;
    if (site.incomplete) totals.incompleteSites += 1;
  }
  totals.hectares = areaM2 / 10_000;
  return totals;
}

/** Groups in key order, so the same sites give the same output whatever order they come in. */
function groupTotals<K extends string>(
  sites: readonly PortfolioSite[],
  keyOf: (site: PortfolioSite) => K,
): Array<{ key: K; totals: PortfolioTotals }> {
  const groups = new Map<K, PortfolioSite[]>();
  for (const site of sites) {
    const key = keyOf(site);
    const group = groups.get(key);
    if (group) group.push(site);
    else groups.set(key, [site]);
  }
  return [...groups.keys()].sort().map((key) => ({ key, totals: totalsOf(groups.get(key) ?? []) }));
}

export interface PortfolioReport {
  total: PortfolioTotals;
  byBorough: Array<{ gssCode: string; totals: PortfolioTotals }>;
  bySubRegion: Array<{ subRegion: SubRegion; totals: PortfolioTotals }>;
  byPilotArea: Array<{ pilot: PilotArea; totals: PortfolioTotals }>;
}

export function portfolioReport(
  sites: readonly PortfolioSite[],
  pilotAreas: readonly PilotArea[] = DEVOLUTION_PILOT_AREAS,
): PortfolioReport {
  return {
    total: totalsOf(sites),
    byBorough: groupTotals(sites, (s) => s.boroughGss).map(({ key, totals }) => ({ gssCode: key, totals })),
    bySubRegion: groupTotals(sites, (s) => s.subRegion).map(({ key, totals }) => ({ subRegion: key, totals })),
    byPilotArea: pilotAreas.map((pilot) => ({
      pilot,
      totals: totalsOf(sites.filter((s) => pilot.gssCodes.includes(s.boroughGss))),
    })),
  };
}
