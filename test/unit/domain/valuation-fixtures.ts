import type { ValuationInput } from '../../../src/domain/valuation.js';

/** A 1 ha outer-London site (Richmond) at PTAL 3 with a 2,000 m² health centre on it: the valuation tests' worked example. */
export const richmondSite = (over: Partial<ValuationInput> = {}): ValuationInput => ({
  siteRef: 'TEST01',
  boroughGss: 'E09000027',
  inner: false,
  setting: null,
  ptal: '3',
  nearestStationM: null,
  plannedHomes: null,
  developableAreaHa: 1,
  tenure: 'freehold',
  publicLand: true,
  conditionClass: null,
  existingFloorspace: [{ use: 'healthcare', giaM2: 2000 }],
  reprovisionCostPence: null,
  annualRunningCostPence: null,
  leaseRemainingYears: null,
  ...over,
});
