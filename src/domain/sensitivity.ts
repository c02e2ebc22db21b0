/**
 * How much a valuation moves when sales values and build costs move ±10%: the two inputs a residual is
 * most sensitive to, shown as a 3×3 grid so the Board sees whether a receipt survives a soft market.
 */

export const SENSITIVITY_STEPS_PCT = [-10, 0, 10] as const;
export type SensitivityStepPct = (typeof SENSITIVITY_STEPS_PCT)[number];

export interface SensitivityFactors {
  /** Multiplier on every sales value (market and, through it, affordable). */
  salesFactor: number;
  /** Multiplier on the build cost rate (and so on what is charged as a share of build). */
  buildFactor: number;
}

export interface SensitivityOutcome {
  residualPence: number;
  marketValuePence: number;
  netReceiptPence: number;
}

export interface SensitivityCell extends SensitivityOutcome {
  salesChangePct: SensitivityStepPct;
  buildChangePct: SensitivityStepPct;
}

/** Nine cells, sales change major, build change minor: (−10, −10), (−10, 0) … (+10, +10). */
export function sensitivityGrid(run: (factors: SensitivityFactors) => SensitivityOutcome): SensitivityCell[] {
  return SENSITIVITY_STEPS_PCT.flatMap((salesChangePct) =>
    SENSITIVITY_STEPS_PCT.map((buildChangePct) => ({
      salesChangePct,
      buildChangePct,
      ...run({ salesFactor: (100 + salesChangePct) / 100, buildFactor: (100 + buildChangePct) / 100 }),
    })),
  );
}

export function sensitivityCell(
  grid: readonly SensitivityCell[],
  salesChangePct: SensitivityStepPct,
  buildChangePct: SensitivityStepPct,
): SensitivityCell {
  const cell = grid.find((c) => c.salesChangePct === salesChangePct && c.buildChangePct === buildChangePct);
  if (!cell) throw new RangeError(`no sensitivity cell for sales ${salesChangePct}%, build ${buildChangePct}%`);
  return cell;
}
