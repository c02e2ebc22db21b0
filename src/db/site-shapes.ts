/** Who a site is, as every read model shows it. */
export interface SiteIdentity {
  siteId: number;
  source: string;
  sourceRef: string;
  name: string | null;
  address: string | null;
  postcode: string | null;
  borough: string | null;
  boroughName: string | null;
  subRegion: string | null;
}

/** A stored valuation's headline figures and what produced them. */
export interface ValuationFigures {
  siteDataVersion: number;
  conditionClass: string;
  assumptionSetId: string;
  modelVersion: string;
  homes: number;
  euvPence: number;
  residualPence: number;
  marketValuePence: number;
  netReceiptPence: number;
}
