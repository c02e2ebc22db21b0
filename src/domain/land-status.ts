import { PATH_STAGES, type CaseStage } from './case-events.js';

/**
 * When a site becomes land for housing teams: released once the sale completed; in the pipeline
 * while its open case is at or past the Board's approval for disposal. Derived from the
 * workflow's own stage order, so a renamed or added stage cannot leave it behind.
 */
export type LandStatus = 'released' | 'pipeline';

const APPROVAL = PATH_STAGES.indexOf('approved_for_disposal');

export const LAND_STAGES: { readonly released: readonly CaseStage[]; readonly pipeline: readonly CaseStage[] } = {
  released: ['completed'],
  pipeline: PATH_STAGES.slice(APPROVAL),
};
