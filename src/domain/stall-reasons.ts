/**
 * Why a disposal stalls: a fixed list, so that days lost can be added up by reason across the
 * estate. The first seven are the causes MHCLG gave the NAO (land still in use, planning
 * delay, decontamination, seller lacks control of the land) widened by the estates' own
 * experience (reprovision, title, market); "other" must say what it is.
 */
export const STALL_REASON_CODES = [
  'clinical_use',
  'reprovision_not_ready',
  'planning_delay',
  'abnormal_costs',
  'title_or_covenant',
  'land_not_controlled',
  'market_conditions',
  'other',
] as const;

export type StallReasonCode = (typeof STALL_REASON_CODES)[number];

export const STALL_REASON_LABELS: Readonly<Record<StallReasonCode, string>> = {
  clinical_use: 'Service still in clinical use',
  reprovision_not_ready: 'Reprovision not ready',
  planning_delay: 'Planning delay',
  abnormal_costs: 'Contamination or abnormal costs',
  title_or_covenant: 'Title or covenant issue',
  land_not_controlled: 'Land not controlled by the disposing body',
  market_conditions: 'Market conditions',
  other: 'Other',
};

export interface StallReason {
  code: StallReasonCode;
  /** Required for "other"; optional detail for the rest. */
  text?: string;
}

/** Why a value is not a usable stall reason, or null when it is one. */
export function stallReasonProblem(reason: unknown): string | null {
  if (typeof reason !== 'object' || reason === null) return 'a stall reason from the fixed list is required';
  const { code, text } = reason as { code?: unknown; text?: unknown };
  if (typeof code !== 'string' || !(STALL_REASON_CODES as readonly string[]).includes(code)) {
    return `stall reason must be one of ${STALL_REASON_CODES.join(', ')}`;
  }
  if (text !== undefined && typeof text !== 'string') return 'stall reason text must be text';
  if (code === 'other' && (typeof text !== 'string' || text.trim() === ''))
    return 'stall reason "other" must say what it is';
  return null;
}
