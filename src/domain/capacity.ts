import { EstatesError } from '../errors.js';
import type { Figure } from './assumptions/figure.js';
import type {
  BuildForm,
  DensitySetting,
  PtalBand,
  UnitType,
  ValuationAssumptionKey,
  ValuationAssumptions,
} from './assumptions/valuation.js';

/**
 * Housing capacity: how many homes a site could take, and how much floor area they need. DOMAIN §5:
 * developable ha × net residential share × matrix midpoint ÷ habitable rooms per home. The matrix is
 * the London Plan 2011/2016 Table 3.2, superseded in 2021 by design-led Policy D3, kept as a fallback.
 */

/** TfL PTAL levels as published on the 100 m grid. */
export type PtalLevel = '0' | '1a' | '1b' | '2' | '3' | '4' | '5' | '6a' | '6b';

/** One line of a valuation's shown working: a money amount in pence or another value with its unit. */
export interface WorkingLine {
  line: string;
  amountPence?: number;
  value?: number | string;
  unit: string;
  assumptionKey?: ValuationAssumptionKey;
  source?: string;
}

export type CapacityFlag =
  | 'setting-from-borough-proxy'
  | 'ptal-from-station-distance'
  | 'ptal-unknown-assumed-0-1'
  | 'homes-from-planning-brief';

export interface CapacityInput {
  developableAreaHa: number;
  boroughGss: string;
  /** ONS Inner London. */
  inner: boolean;
  /** Central / urban / suburban when known; null falls back to settingFromBorough, flagged. */
  setting: DensitySetting | null;
  ptal: PtalLevel | null;
  /** Distance to the nearest station, the PTAL proxy when no PTAL is given. */
  nearestStationM: number | null;
  /** Homes in a planning brief; replaces the matrix estimate (which stays in the working). */
  plannedHomes: number | null;
  /** The scheme's form when known; otherwise derived from setting, PTAL band and borough. */
  buildForm?: BuildForm | null;
}

export interface HousingCapacity {
  homes: number;
  /** The matrix estimate, shown even when a planning brief overrides it. */
  matrixHomes: number;
  setting: DensitySetting;
  ptalBand: PtalBand;
  densityHrPerHa: number;
  buildForm: BuildForm;
  saleableM2PerHome: number;
  niaM2: number;
  giaM2: number;
  flags: CapacityFlag[];
  working: WorkingLine[];
}

const CENTRAL_GSS = new Set(['E09000001', 'E09000033']);

/**
 * A proxy for the Table 3.2 setting when no town-centre mapping is loaded. Only the City and Westminster
 * count as central: the central parts of Camden, Islington, Kensington & Chelsea, Tower Hamlets, Southwark
 * and Lambeth are too small a share of those boroughs to call the whole borough central. Other inner
 * boroughs are urban, outer boroughs suburban. Callers flag its use.
 */
export function settingFromBorough(inner: boolean, gssCode: string): DensitySetting {
  if (CENTRAL_GSS.has(gssCode)) return 'central';
  return inner ? 'urban' : 'suburban';
}

export function ptalBandOf(level: PtalLevel): PtalBand {
  if (level === '0' || level === '1a' || level === '1b') return '0-1';
  if (level === '2' || level === '3') return '2-3';
  return '4-6';
}

export function ptalBandFromStationDistance(distanceM: number, assumptions: ValuationAssumptions): PtalBand {
  const bands = assumptions.figures['density.station_distance_bands'].value;
  if (distanceM <= bands.ptal46MaxM) return '4-6';
  if (distanceM <= bands.ptal23MaxM) return '2-3';
  return '0-1';
}

/**
 * Our assumption: low-density suburban outer-London schemes are houses; inner boroughs, central settings
 * and PTAL 4–6 urban sites (150+ homes/ha at the matrix midpoint) are tall or inner flats; the rest are flats.
 */
export function buildFormOf(setting: DensitySetting, ptalBand: PtalBand, inner: boolean): BuildForm {
  if (inner || setting === 'central' || (setting === 'urban' && ptalBand === '4-6')) return 'tall-or-inner-flats';
  if (setting === 'suburban' && ptalBand === '0-1') return 'houses';
  return 'flats';
}

/** Whole homes: a part home is not a home. The epsilon keeps 92.0000000001 and 91.9999999999 both 92. */
export function wholeHomes(homes: number): number {
  return Math.max(0, Math.floor(homes + 1e-9));
}

export function assumptionLine(
  assumptions: ValuationAssumptions,
  key: ValuationAssumptionKey,
  line: string,
  value?: number | string,
  unit?: string,
): WorkingLine {
  const f = assumptions.figures[key] as Figure<unknown>;
  const shown = value ?? (typeof f.value === 'number' || typeof f.value === 'string' ? f.value : figureAsText(f));
  return { line, value: shown, unit: unit ?? f.unit, assumptionKey: key, source: f.source };
}

/** A table-valued figure as text, written once per figure: per line it was 3.5 s of a 100,000-site valuation run. */
const figureTexts = new WeakMap<Figure<unknown>, string>();
function figureAsText(f: Figure<unknown>): string {
  let text = figureTexts.get(f);
  if (text === undefined) {
    text = JSON.stringify(f.value);
    figureTexts.set(f, text);
  }
  return text;
}

/** Mean saleable (net internal) area per home over the unit mix, NDSS minimum sizes. */
export function saleableM2PerHome(assumptions: ValuationAssumptions): number {
  const mix = assumptions.figures['unit.mix'].value;
  const sizes = assumptions.figures['unit.ndss_gia'].value;
  let weighted = 0;
  let shares = 0;
  for (const [unit, pct] of Object.entries(mix) as Array<[UnitType, number]>) {
    weighted += pct * sizes[unit];
    shares += pct;
  }
  if (shares <= 0) throw new EstatesError('bad_input', 'the unit mix has no homes in it');
  return weighted / shares;
}

function checkInput(input: CapacityInput): void {
  const bad = (message: string): never => {
    throw new EstatesError('bad_input', message, { details: input });
  };
  if (!Number.isFinite(input.developableAreaHa) || input.developableAreaHa < 0)
    bad(`developable area must be 0 ha or more, got ${input.developableAreaHa}`);
  if (input.plannedHomes !== null && (!Number.isInteger(input.plannedHomes) || input.plannedHomes < 0))
    bad(`planned homes must be a whole number, got ${input.plannedHomes}`);
  if (input.nearestStationM !== null && (!Number.isFinite(input.nearestStationM) || input.nearestStationM < 0))
    bad(`station distance must be 0 m or more, got ${input.nearestStationM}`);
}

export function housingCapacity(input: CapacityInput, assumptions: ValuationAssumptions): HousingCapacity {
  checkInput(input);
  const f = assumptions.figures;
  const flags: CapacityFlag[] = [];
  const working: WorkingLine[] = [];

  let setting = input.setting;
  if (setting) {
    working.push({ line: 'Setting (given)', value: setting, unit: 'Table 3.2 setting' });
  } else {
    setting = settingFromBorough(input.inner, input.boroughGss);
    flags.push('setting-from-borough-proxy');
    working.push({
      line: 'Setting, borough proxy: City and Westminster central, other inner boroughs urban, outer suburban',
      value: setting,
      unit: 'Table 3.2 setting',
      source: 'none: our proxy for town-centre distance',
    });
  }

  let ptalBand: PtalBand;
  if (input.ptal) {
    ptalBand = ptalBandOf(input.ptal);
    working.push({ line: `PTAL ${input.ptal} (given)`, value: ptalBand, unit: 'PTAL band' });
  } else if (input.nearestStationM !== null) {
    ptalBand = ptalBandFromStationDistance(input.nearestStationM, assumptions);
    flags.push('ptal-from-station-distance');
    working.push(
      assumptionLine(
        assumptions,
        'density.station_distance_bands',
        `PTAL band from ${Math.round(input.nearestStationM)} m to the nearest station`,
        ptalBand,
        'PTAL band',
      ),
    );
  } else {
    ptalBand = '0-1';
    flags.push('ptal-unknown-assumed-0-1');
    working.push({
      line: 'PTAL unknown and no station distance: lowest band assumed',
      value: ptalBand,
      unit: 'PTAL band',
      source: 'none: our assumption',
    });
  }

  const range = f['density.matrix'].value[setting][ptalBand];
  const densityHrPerHa = (range.minHrPerHa + range.maxHrPerHa) / 2;
  working.push(
    assumptionLine(
      assumptions,
      'density.matrix',
      `Density matrix midpoint, ${setting} PTAL ${ptalBand} (${range.minHrPerHa}–${range.maxHrPerHa})`,
      densityHrPerHa,
    ),
  );
  const hrPerHome = f['density.hr_per_home'].value;
  working.push(assumptionLine(assumptions, 'density.hr_per_home', 'Habitable rooms per home'));
  const netShare = f['site.net_residential'].value;
  working.push({ line: 'Developable area', value: input.developableAreaHa, unit: 'ha' });
  working.push(assumptionLine(assumptions, 'site.net_residential', 'Net residential share of developable area'));

  const matrixHomes = wholeHomes((input.developableAreaHa * netShare * densityHrPerHa) / hrPerHome);
  working.push({
    line: `Homes = ${input.developableAreaHa} ha × ${netShare} × ${densityHrPerHa} hr/ha ÷ ${hrPerHome} hr/home, rounded down`,
    value: matrixHomes,
    unit: 'homes',
  });

  let homes = matrixHomes;
  if (input.plannedHomes !== null) {
    homes = input.plannedHomes;
    flags.push('homes-from-planning-brief');
    working.push({
      line: 'Homes in the planning brief (replace the matrix estimate)',
      value: homes,
      unit: 'homes',
      source: 'site planning brief',
    });
  }

  const perHome = saleableM2PerHome(assumptions);
  working.push(assumptionLine(assumptions, 'unit.mix', 'Unit mix'));
  working.push(
    assumptionLine(
      assumptions,
      'unit.ndss_gia',
      'Mean NDSS size over the unit mix (saleable area per home)',
      perHome,
      'm² NIA per home',
    ),
  );
  const niaM2 = homes * perHome;
  const netToGross = f['block.net_to_gross'].value;
  const giaM2 = niaM2 / netToGross;
  working.push({ line: `Net internal area = ${homes} homes × ${perHome} m²`, value: niaM2, unit: 'm² NIA' });
  working.push(assumptionLine(assumptions, 'block.net_to_gross', 'Net-to-gross'));
  working.push({ line: `Gross internal area = ${niaM2} m² ÷ ${netToGross}`, value: giaM2, unit: 'm² GIA' });

  const buildForm = input.buildForm ?? buildFormOf(setting, ptalBand, input.inner);
  working.push({
    line: input.buildForm
      ? 'Build form (given)'
      : 'Build form: houses if suburban PTAL 0–1 outer, tall or inner flats if inner, central or urban PTAL 4–6, else flats',
    value: buildForm,
    unit: 'build form',
    ...(input.buildForm ? {} : { source: 'none: our assumption' }),
  });

  return {
    homes,
    matrixHomes,
    setting,
    ptalBand,
    densityHrPerHa,
    buildForm,
    saleableM2PerHome: perHome,
    niaM2,
    giaM2,
    flags,
    working,
  };
}
