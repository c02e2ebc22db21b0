import type { EuvUse } from './assumptions/market.js';
import type { ConditionClass } from './assumptions/condition.js';
import type { SiteRecord } from './records.js';
import type { ValuationInput } from './valuation.js';

/**
 * From a placed site to what the valuation needs. Disposal sells the whole site for
 * redevelopment, so the developable area is the whole site (its boundary when loaded, else the
 * register's site area); demolition of what stands is costed in the residual.
 */

/** Registers name uses freely; EUV rates are by broad use. Anything clinical values as healthcare. */
export function euvUseOf(primaryUse: string | null): EuvUse {
  const use = (primaryUse ?? '').toLowerCase();
  if (/office|admin|headquarter/.test(use)) return 'office';
  if (/residential|housing|staff accommodation|flats?\b|homes?\b/.test(use)) return 'residential';
  if (/land|car park|vacant|store|warehouse|depot/.test(use)) return 'other';
  return 'healthcare';
}

/** Whole years from the valuation date to a lease's expiry; null when the register gives none. */
export function leaseYearsRemaining(leaseExpiryIso: unknown, valuationDate: string): number | null {
  if (typeof leaseExpiryIso !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(leaseExpiryIso)) return null;
  const [ey, em, ed] = leaseExpiryIso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [vy, vm, vd] = valuationDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const years = ey - vy - (em < vm || (em === vm && ed < vd) ? 1 : 0);
  return Math.max(0, years);
}

/** The register facts valuation reads; of the attributes, only the lease expiry. */
export type ValuationRecord = Pick<
  SiteRecord,
  'tenure' | 'siteAreaHa' | 'giaM2' | 'primaryUse' | 'annualRunningCostPence'
> & {
  attributes: { leaseExpiry?: unknown };
};

export interface SiteForValuation {
  sourceRef: string;
  record: ValuationRecord;
  boroughGss: string;
  innerLondon: boolean;
  boundaryAreaHa: number | null;
}

export function valuationInputFor(
  site: SiteForValuation,
  conditionClass: ConditionClass,
  nearestStationM: number | null,
  valuationDate: string,
): ValuationInput {
  const r = site.record;
  return {
    siteRef: site.sourceRef,
    developableAreaHa: site.boundaryAreaHa ?? r.siteAreaHa ?? 0,
    boroughGss: site.boroughGss,
    inner: site.innerLondon,
    setting: null,
    ptal: null,
    nearestStationM,
    plannedHomes: null,
    tenure: r.tenure,
    publicLand: true,
    conditionClass: conditionClass === 'not-surveyed' ? null : conditionClass,
    existingFloorspace: r.giaM2 ? [{ use: euvUseOf(r.primaryUse), giaM2: r.giaM2 }] : [],
    reprovisionCostPence: null,
    annualRunningCostPence: r.annualRunningCostPence,
    leaseRemainingYears: r.tenure === 'leasehold' ? leaseYearsRemaining(r.attributes.leaseExpiry, valuationDate) : null,
  };
}
