import { EstatesError } from '../errors.js';
import type { EuvUse } from './assumptions/market.js';
import type { ValuationAssumptions } from './assumptions/valuation.js';
import {
  assumptionLine,
  housingCapacity,
  type CapacityFlag,
  type CapacityInput,
  type HousingCapacity,
  type WorkingLine,
} from './capacity.js';
import type { Tenure } from './records.js';
import { sensitivityGrid, type SensitivityCell, type SensitivityFactors } from './sensitivity.js';

/**
 * What a site is worth to the NHS and what its sale would release (DOMAIN §5). Market value is the higher
 * of existing use value and the policy-compliant residual land value; the net receipt is what is left
 * after disposal costs and reproviding services still on the site. A leasehold site has nothing to sell:
 * its receipt is the running cost saved by leaving. Every step is a working line with its assumption.
 */

export const VALUATION_MODEL_VERSION = 'valuation-v1';

export type { WorkingLine } from './capacity.js';

export type ConditionClass = 'maintain' | 'refurbish' | 'rebuild';

export interface ExistingFloorspace {
  use: EuvUse;
  giaM2: number;
}

export interface ValuationInput extends CapacityInput {
  siteRef: string;
  /** Null is valued as freehold, flagged. */
  tenure: Tenure | null;
  /** Public-sector land takes the 50% affordable threshold (H5); NHS sites are, unless a caller says not. */
  publicLand: boolean;
  /** From condition scoring; rebuild-class sites carry the higher demolition and abnormals rate. */
  conditionClass: ConditionClass | null;
  existingFloorspace: readonly ExistingFloorspace[];
  /** Cost of reproviding services still delivered on the site; null counts as 0, flagged. */
  reprovisionCostPence: number | null;
  /** Leasehold only: running cost saved each year by leaving, and years left on the lease. */
  annualRunningCostPence: number | null;
  leaseRemainingYears: number | null;
}

export type ValuationBasis = 'euv' | 'residual' | 'lease-exit';

export type ValuationFlag =
  | CapacityFlag
  | 'borough-cil-unset'
  | 's106-unset'
  | 'housing-not-viable-on-policy-terms'
  | 'residual-floored-at-zero'
  | 'residual-below-benchmark'
  | 'reprovision-cost-unset'
  | 'no-existing-floor-area'
  | 'tenure-unknown-assumed-freehold'
  | 'leasehold-values-not-the-nhs-interest'
  | 'lease-running-cost-unset'
  | 'lease-term-unset'
  | 'lease-exit-capped'
  | 'net-receipt-negative';

export interface Valuation {
  siteRef: string;
  homes: number;
  affordableHomes: number;
  giaM2: number;
  gdvPence: number;
  euvPence: number;
  residualPence: number;
  marketValuePence: number;
  netReceiptPence: number;
  basis: ValuationBasis;
  /** Borough CIL or S106 not loaded: the residual leaves them out. A flag, not a failure. */
  incomplete: boolean;
  flags: ValuationFlag[];
  working: WorkingLine[];
  sensitivity: SensitivityCell[];
  modelVersion: typeof VALUATION_MODEL_VERSION;
  assumptionSetId: string;
}

/** The one place money is rounded: each line is computed from exact inputs, rounded once, then summed as integers. */
export function roundPence(amount: number): number {
  const pence = Math.round(amount);
  if (!Number.isSafeInteger(pence))
    throw new EstatesError('bad_input', `amount ${amount} is not a representable sum of pence`);
  return pence;
}

/** Whole pounds for display, rounding half away from zero so a negative receipt mirrors a positive one. */
export function penceToWholePounds(pence: number): number {
  return Math.sign(pence) * Math.round(Math.abs(pence) / 100);
}

const money = (line: string, amountPence: number, extra: Partial<WorkingLine> = {}): WorkingLine => ({
  line,
  amountPence,
  unit: 'pence',
  ...extra,
});

function moneyFromAssumption(
  assumptions: ValuationAssumptions,
  key: WorkingLine['assumptionKey'] & string,
  line: string,
  amountPence: number,
): WorkingLine {
  const { source } = assumptionLine(assumptions, key, line);
  return { line, amountPence, unit: 'pence', assumptionKey: key, ...(source === undefined ? {} : { source }) };
}

function checkInput(input: ValuationInput): void {
  const bad = (message: string): never => {
    throw new EstatesError('bad_input', `site ${input.siteRef}: ${message}`);
  };
  for (const floor of input.existingFloorspace) {
    if (!Number.isFinite(floor.giaM2) || floor.giaM2 < 0)
      bad(`existing ${floor.use} floor area must be 0 m² or more, got ${floor.giaM2}`);
  }
  for (const [name, pence] of [
    ['reprovision cost', input.reprovisionCostPence],
    ['annual running cost', input.annualRunningCostPence],
  ] as const) {
    if (pence !== null && (!Number.isSafeInteger(pence) || pence < 0))
      bad(`${name} must be whole pence, 0 or more, got ${pence}`);
  }
  if (
    input.leaseRemainingYears !== null &&
    (!Number.isFinite(input.leaseRemainingYears) || input.leaseRemainingYears < 0)
  ) {
    bad(`lease remaining years must be 0 or more, got ${input.leaseRemainingYears}`);
  }
}

interface ExistingUseValue {
  euvPence: number;
  existingGiaM2: number;
  flags: ValuationFlag[];
  working: WorkingLine[];
}

export function existingUseValue(input: ValuationInput, assumptions: ValuationAssumptions): ExistingUseValue {
  const rates = assumptions.figures['euv.rate'].value[input.boroughGss];
  if (!rates)
    throw new EstatesError('bad_input', `site ${input.siteRef}: no EUV rates for borough ${input.boroughGss}`);
  const working: WorkingLine[] = [];
  let euvPence = 0;
  let existingGiaM2 = 0;
  for (const floor of input.existingFloorspace) {
    const amount = roundPence(floor.giaM2 * rates[floor.use]);
    euvPence += amount;
    existingGiaM2 += floor.giaM2;
    working.push(
      moneyFromAssumption(
        assumptions,
        'euv.rate',
        `EUV, ${floor.use}: ${floor.giaM2} m² × ${rates[floor.use]} p/m²`,
        amount,
      ),
    );
  }
  working.push(money('Existing use value', euvPence));
  return { euvPence, existingGiaM2, flags: existingGiaM2 > 0 ? [] : ['no-existing-floor-area'], working };
}

interface ResidualResult {
  gdvPence: number;
  affordableHomes: number;
  /** Before the zero floor; negative when the scheme costs more than it is worth. */
  unflooredPence: number;
  residualPence: number;
  flags: ValuationFlag[];
  working: WorkingLine[];
}

const BUILD_RATE_KEY = {
  houses: 'build.houses_outer',
  flats: 'build.flats_outer',
  'tall-or-inner-flats': 'build.inner_or_tall',
} as const;

/** DOMAIN §5's residual, line by line, on a policy-compliant scheme; factors move sales and build for sensitivity. */
export function residualLandValue(
  input: ValuationInput,
  capacity: HousingCapacity,
  existingGiaM2: number,
  assumptions: ValuationAssumptions,
  factors: SensitivityFactors = { salesFactor: 1, buildFactor: 1 },
): ResidualResult {
  const f = assumptions.figures;
  const flags: ValuationFlag[] = [];
  const working: WorkingLine[] = [];
  const pct = (base: number, percent: number): number => roundPence((base * percent) / 100);

  const salesPencePerM2 = f['sales.value'].value[input.boroughGss];
  if (salesPencePerM2 === undefined)
    throw new EstatesError('bad_input', `site ${input.siteRef}: no sales value for borough ${input.boroughGss}`);

  // Homes and tenure: affordable homes round up, since H5 sets a floor.
  const { homes } = capacity;
  const affordableKey = input.publicLand ? 'affordable.public_land' : 'affordable.threshold';
  const affordablePct = f[affordableKey].value;
  const affordableHomes = Math.min(homes, Math.ceil((homes * affordablePct) / 100 - 1e-9));
  const marketHomes = homes - affordableHomes;
  working.push(
    assumptionLine(
      assumptions,
      affordableKey,
      `Affordable homes = ${affordablePct}% of ${homes}, rounded up`,
      affordableHomes,
      'homes',
    ),
  );
  working.push({ line: 'Market homes', value: marketHomes, unit: 'homes' });

  // GDV.
  const saleableM2 = capacity.saleableM2PerHome;
  const salesLine = factors.salesFactor === 1 ? 'Sales value' : `Sales value × ${factors.salesFactor}`;
  working.push(assumptionLine(assumptions, 'sales.value', salesLine, salesPencePerM2 * factors.salesFactor));
  const marketGdv = roundPence(marketHomes * saleableM2 * salesPencePerM2 * factors.salesFactor);
  working.push(
    money(
      `Market GDV = ${marketHomes} homes × ${saleableM2} m² × ${salesPencePerM2 * factors.salesFactor} p/m²`,
      marketGdv,
    ),
  );
  const lcrPct = f['tenure.lcr'].value;
  const intermediatePct = f['tenure.intermediate'].value;
  const boroughPct = f['tenure.borough'].value;
  const lcrValuePct = f['affordable.value_lcr'].value;
  const intermediateValuePct = f['affordable.value_intermediate'].value;
  const boroughValuePct = f['tenure.borough_valued_as'].value === 'lcr' ? lcrValuePct : intermediateValuePct;
  const affordableValuePct =
    (lcrPct * lcrValuePct + intermediatePct * intermediateValuePct + boroughPct * boroughValuePct) /
    (lcrPct + intermediatePct + boroughPct);
  working.push(assumptionLine(assumptions, 'tenure.lcr', 'Low-cost rent share of affordable'));
  working.push(assumptionLine(assumptions, 'tenure.intermediate', 'Intermediate share of affordable'));
  working.push(assumptionLine(assumptions, 'tenure.borough', 'Borough-decided share of affordable'));
  working.push(assumptionLine(assumptions, 'tenure.borough_valued_as', 'Borough-decided share valued as'));
  working.push(assumptionLine(assumptions, 'affordable.value_lcr', 'Low-cost rent value'));
  working.push(assumptionLine(assumptions, 'affordable.value_intermediate', 'Intermediate value'));
  working.push({
    line: 'Blended affordable value (tenure-weighted)',
    value: affordableValuePct,
    unit: '% of market value',
  });
  const affordableGdv = roundPence(
    (affordableHomes * saleableM2 * salesPencePerM2 * factors.salesFactor * affordableValuePct) / 100,
  );
  working.push(
    money(
      `Affordable GDV = ${affordableHomes} homes × ${saleableM2} m² × ${salesPencePerM2 * factors.salesFactor} p/m² × ${affordableValuePct}%`,
      affordableGdv,
    ),
  );
  const gdvPence = marketGdv + affordableGdv;
  working.push(money('Gross development value (GDV)', gdvPence));

  // Build.
  const rateKey = BUILD_RATE_KEY[capacity.buildForm];
  const buildRate = f[rateKey].value * factors.buildFactor;
  const build = roundPence(capacity.giaM2 * buildRate);
  working.push(
    moneyFromAssumption(
      assumptions,
      rateKey,
      `Build = ${capacity.giaM2} m² GIA × ${buildRate} p/m² (${capacity.buildForm})`,
      build,
    ),
  );
  const externalWorks = pct(build, f['build.external_works'].value);
  working.push(
    moneyFromAssumption(
      assumptions,
      'build.external_works',
      `External works, ${f['build.external_works'].value}% of build`,
      externalWorks,
    ),
  );
  const netZero = pct(build, f['build.net_zero'].value);
  working.push(
    moneyFromAssumption(
      assumptions,
      'build.net_zero',
      `Net-zero uplift, ${f['build.net_zero'].value}% of build`,
      netZero,
    ),
  );
  const construction = build + externalWorks + netZero;
  working.push(money('Construction (build + external works + net zero)', construction));

  const demolitionKey =
    input.conditionClass === 'rebuild' ? 'build.demolition_abnormals_rebuild' : 'build.demolition_abnormals';
  const demolition = roundPence(existingGiaM2 * f[demolitionKey].value);
  working.push(
    moneyFromAssumption(
      assumptions,
      demolitionKey,
      `Demolition and abnormals = ${existingGiaM2} m² existing × ${f[demolitionKey].value} p/m²`,
      demolition,
    ),
  );
  const contingency = pct(construction, f['build.contingency'].value);
  working.push(
    moneyFromAssumption(
      assumptions,
      'build.contingency',
      `Contingency, ${f['build.contingency'].value}% of construction`,
      contingency,
    ),
  );
  const fees = pct(construction, f['fees.professional'].value);
  working.push(
    moneyFromAssumption(
      assumptions,
      'fees.professional',
      `Professional fees, ${f['fees.professional'].value}% of construction`,
      fees,
    ),
  );
  const marketing = pct(gdvPence, f['sales.marketing'].value);
  working.push(
    moneyFromAssumption(assumptions, 'sales.marketing', `Marketing, ${f['sales.marketing'].value}% of GDV`, marketing),
  );
  const legal = pct(gdvPence, f['sales.legal'].value);
  working.push(
    moneyFromAssumption(assumptions, 'sales.legal', `Sales legal, ${f['sales.legal'].value}% of GDV`, legal),
  );

  // Finance: simple interest on the average outstanding share of development costs over the build period.
  const financed = construction + demolition + contingency + fees;
  const rate = f['finance.rate'].value;
  const basis = f['finance.basis'].value;
  const months = f['build.period'].value;
  const finance = roundPence((financed * basis * rate * months) / (100 * 100 * 12));
  working.push(assumptionLine(assumptions, 'finance.basis', 'Share of costs outstanding on average'));
  working.push(assumptionLine(assumptions, 'build.period', 'Build period'));
  working.push(
    moneyFromAssumption(
      assumptions,
      'finance.rate',
      `Finance = ${financed} p × ${basis}% × ${rate}% a year × ${months}/12`,
      finance,
    ),
  );

  const developerReturn = pct(gdvPence, f['return.developer'].value);
  working.push(
    moneyFromAssumption(
      assumptions,
      'return.developer',
      `Developer return, ${f['return.developer'].value}% of GDV`,
      developerReturn,
    ),
  );

  // Levies: charged on net additional GIA; affordable homes take social housing relief.
  const netAdditionalM2 = Math.max(0, capacity.giaM2 - existingGiaM2);
  const chargeableM2 = homes > 0 ? (netAdditionalM2 * marketHomes) / homes : 0;
  working.push({
    line: `CIL chargeable area = max(0, ${capacity.giaM2} − ${existingGiaM2}) m² × ${marketHomes}/${homes} market homes (affordable relief)`,
    value: chargeableM2,
    unit: 'm²',
  });
  const band = f['cil.mayoral_band'].value[input.boroughGss];
  if (band === undefined)
    throw new EstatesError('bad_input', `site ${input.siteRef}: no MCIL2 band for borough ${input.boroughGss}`);
  const mcilRate = f['cil.mayoral'].value[band];
  working.push(assumptionLine(assumptions, 'cil.mayoral_band', 'MCIL2 band', band));
  const mcil = roundPence(chargeableM2 * mcilRate);
  working.push(
    moneyFromAssumption(
      assumptions,
      'cil.mayoral',
      `Mayoral CIL = ${chargeableM2} m² × ${mcilRate} p/m² (band ${band})`,
      mcil,
    ),
  );

  const boroughCilRate = f['cil.borough'].value[input.boroughGss];
  let boroughCil = 0;
  if (boroughCilRate === undefined) {
    flags.push('borough-cil-unset');
    working.push(
      moneyFromAssumption(assumptions, 'cil.borough', 'Borough CIL: not loaded, left out (valuation incomplete)', 0),
    );
  } else {
    boroughCil = roundPence(chargeableM2 * boroughCilRate);
    working.push(
      moneyFromAssumption(
        assumptions,
        'cil.borough',
        `Borough CIL = ${chargeableM2} m² × ${boroughCilRate} p/m²`,
        boroughCil,
      ),
    );
  }
  const s106PerHome = f.s106.value[input.boroughGss];
  let s106 = 0;
  if (s106PerHome === undefined) {
    flags.push('s106-unset');
    working.push(moneyFromAssumption(assumptions, 's106', 'S106: not loaded, left out (valuation incomplete)', 0));
  } else {
    s106 = roundPence(homes * s106PerHome);
    working.push(moneyFromAssumption(assumptions, 's106', `S106 = ${homes} homes × ${s106PerHome} p`, s106));
  }

  const costs =
    construction +
    demolition +
    contingency +
    fees +
    marketing +
    legal +
    finance +
    developerReturn +
    mcil +
    boroughCil +
    s106;
  working.push(money('Total costs, return and levies', costs));
  const unflooredPence = gdvPence - costs;
  working.push(money('GDV − costs', unflooredPence));
  const residualPence = Math.max(0, unflooredPence);
  if (unflooredPence < 0) flags.push('residual-floored-at-zero');
  working.push(money('Residual land value (floored at zero)', residualPence));
  return { gdvPence, affordableHomes, unflooredPence, residualPence, flags, working };
}

interface MarketValueResult {
  marketValuePence: number;
  netReceiptPence: number;
  basis: ValuationBasis;
  flags: ValuationFlag[];
  working: WorkingLine[];
}

function reprovision(input: ValuationInput): { pence: number; flags: ValuationFlag[]; line: WorkingLine } {
  if (input.reprovisionCostPence === null) {
    return {
      pence: 0,
      flags: ['reprovision-cost-unset'],
      line: money('Reprovision of services still on the site: not given, counted as 0', 0, {
        source: 'none: our default',
      }),
    };
  }
  return {
    pence: input.reprovisionCostPence,
    flags: [],
    line: money('Reprovision of services still on the site', input.reprovisionCostPence),
  };
}

/** Freehold: market value is the best consideration, max(EUV, RLV); then disposal costs and reprovision. */
export function freeholdMarketValue(
  input: ValuationInput,
  euvPence: number,
  residualPence: number,
  assumptions: ValuationAssumptions,
): MarketValueResult {
  const f = assumptions.figures;
  const flags: ValuationFlag[] = [];
  const working: WorkingLine[] = [];
  const basis: ValuationBasis = residualPence > euvPence ? 'residual' : 'euv';
  const marketValuePence = Math.max(euvPence, residualPence);
  if (residualPence < euvPence) flags.push('housing-not-viable-on-policy-terms');
  const benchmarkPence = roundPence((euvPence * (100 + f['benchmark.premium'].value)) / 100);
  working.push(
    moneyFromAssumption(
      assumptions,
      'benchmark.premium',
      `Benchmark land value = EUV + ${f['benchmark.premium'].value}%`,
      benchmarkPence,
    ),
  );
  if (residualPence >= euvPence && residualPence < benchmarkPence) flags.push('residual-below-benchmark');
  working.push(
    money(`Market value = max(EUV ${euvPence}, RLV ${residualPence}), basis ${basis}`, marketValuePence, {
      source: 'none: our reading of Managing Public Money, Annex 4.15 (best consideration)',
    }),
  );
  const disposalPence = roundPence((marketValuePence * f['disposal.costs'].value) / 100);
  working.push(
    moneyFromAssumption(
      assumptions,
      'disposal.costs',
      `Disposal costs, ${f['disposal.costs'].value}% of market value`,
      disposalPence,
    ),
  );
  const r = reprovision(input);
  flags.push(...r.flags);
  working.push(r.line);
  const netReceiptPence = marketValuePence - disposalPence - r.pence;
  working.push(money('Net receipt', netReceiptPence));
  return { marketValuePence, netReceiptPence, basis, flags, working };
}

/** Leasehold: nothing to sell; the receipt is the running cost no longer paid, for at most the cap. */
export function leaseExitValue(input: ValuationInput, assumptions: ValuationAssumptions): MarketValueResult {
  const flags: ValuationFlag[] = ['leasehold-values-not-the-nhs-interest'];
  const working: WorkingLine[] = [];
  const capYears = assumptions.figures['lease.exit_cap_years'].value;
  if (input.annualRunningCostPence === null) flags.push('lease-running-cost-unset');
  if (input.leaseRemainingYears === null) flags.push('lease-term-unset');
  const remaining = input.leaseRemainingYears ?? 0;
  if (remaining > capYears) flags.push('lease-exit-capped');
  const years = Math.min(remaining, capYears);
  const savingPence = roundPence((input.annualRunningCostPence ?? 0) * years);
  working.push(money('Market value of the NHS interest (leasehold: nothing to sell)', 0));
  working.push(
    moneyFromAssumption(
      assumptions,
      'lease.exit_cap_years',
      `Lease exit saving = ${input.annualRunningCostPence ?? 0} p a year × min(${remaining}, ${capYears}) years`,
      savingPence,
    ),
  );
  const r = reprovision(input);
  flags.push(...r.flags);
  working.push(r.line);
  const netReceiptPence = savingPence - r.pence;
  working.push(money('Net receipt', netReceiptPence));
  return { marketValuePence: 0, netReceiptPence, basis: 'lease-exit', flags, working };
}

/**
 * `withSensitivity: false` leaves the grid empty: the value step stores no grid (it is derived
 * again when a valuation is opened), and nine more residuals per site were most of its CPU.
 */
export function valueSite(
  input: ValuationInput,
  assumptions: ValuationAssumptions,
  options: { withSensitivity?: boolean } = {},
): Valuation {
  checkInput(input);
  const capacity = housingCapacity(input, assumptions);
  const euv = existingUseValue(input, assumptions);
  const leasehold = input.tenure === 'leasehold';
  const settle = (residualPence: number): MarketValueResult =>
    leasehold
      ? leaseExitValue(input, assumptions)
      : freeholdMarketValue(input, euv.euvPence, residualPence, assumptions);

  const residual = residualLandValue(input, capacity, euv.existingGiaM2, assumptions);
  const market = settle(residual.residualPence);
  const sensitivity =
    options.withSensitivity === false
      ? []
      : sensitivityGrid((factors) => {
          const moved = residualLandValue(input, capacity, euv.existingGiaM2, assumptions, factors);
          const settled = settle(moved.residualPence);
          return {
            residualPence: moved.residualPence,
            marketValuePence: settled.marketValuePence,
            netReceiptPence: settled.netReceiptPence,
          };
        });

  const flags: ValuationFlag[] = [
    ...capacity.flags,
    ...(input.tenure === null ? (['tenure-unknown-assumed-freehold'] as const) : []),
    ...euv.flags,
    ...residual.flags,
    ...market.flags,
  ];
  if (market.netReceiptPence < 0) flags.push('net-receipt-negative');

  return {
    siteRef: input.siteRef,
    homes: capacity.homes,
    affordableHomes: residual.affordableHomes,
    giaM2: capacity.giaM2,
    gdvPence: residual.gdvPence,
    euvPence: euv.euvPence,
    residualPence: residual.residualPence,
    marketValuePence: market.marketValuePence,
    netReceiptPence: market.netReceiptPence,
    basis: market.basis,
    incomplete: flags.includes('borough-cil-unset') || flags.includes('s106-unset'),
    flags,
    working: [...capacity.working, ...euv.working, ...residual.working, ...market.working],
    sensitivity,
    modelVersion: VALUATION_MODEL_VERSION,
    assumptionSetId: assumptions.id,
  };
}

export interface ValuationSummary {
  homes: number;
  euv: number;
  residual: number;
  marketValue: number;
  netReceipt: number;
  basis: ValuationBasis;
  incomplete: boolean;
  flags: ValuationFlag[];
  assumptionSetId: string;
  modelVersion: string;
}

/** The CLI's JSON: money in whole pounds. */
export function valuationSummary(v: Valuation): ValuationSummary {
  return {
    homes: v.homes,
    euv: penceToWholePounds(v.euvPence),
    residual: penceToWholePounds(v.residualPence),
    marketValue: penceToWholePounds(v.marketValuePence),
    netReceipt: penceToWholePounds(v.netReceiptPence),
    basis: v.basis,
    incomplete: v.incomplete,
    flags: v.flags,
    assumptionSetId: v.assumptionSetId,
    modelVersion: v.modelVersion,
  };
}
