/** The disposal path as the workflow defines it (docs/workflow.md); the UI draws it, the API judges moves. */
export const PATH_STAGES = ['identified', 'surplus_declared', 'board_review', 'approved_for_disposal', 'first_refusal', 'due_diligence', 'planning', 'marketing', 'sale_agreed', 'completed'];
export const OTHER_STAGES = ['deferred', 'withdrawn', 'retained'];

/** Why a disposal stalls: the fixed list the API accepts (src/domain/stall-reasons.ts). */
export const STALL_REASONS = [
  ['clinical_use', 'Service still in clinical use'],
  ['reprovision_not_ready', 'Reprovision not ready'],
  ['planning_delay', 'Planning delay'],
  ['abnormal_costs', 'Contamination or abnormal costs'],
  ['title_or_covenant', 'Title or covenant issue'],
  ['land_not_controlled', 'Land not controlled by the disposing body'],
  ['market_conditions', 'Market conditions'],
  ['other', 'Other (say what)'],
];

/** Guards met by facts on the case record: recorded by officers with the CLI, not a field in this form. */
export const FACT_GUARDS = {
  commissioner_confirmation: 'the commissioner’s confirmation that the site has no clinical need',
  reprovision_plan: 'a reprovision plan for the services on the site',
  title_report: 'a title report',
  planning_brief: 'a planning brief',
  valuation: 'a valuation',
  planning_outcome: 'a planning outcome',
  sale_agreement: 'a sale agreement (buyer and price)',
  no_open_interest: 'no open expression of interest',
  first_refusal_period: 'the first-refusal period to have run',
  public_buyer_interest: 'an open interest from the public buyer',
  deferral_over: 'the deferral date to have passed',
};

/** The Board's decisions out of board review go through POST /api/board/decisions. */
export const BOARD_DECISIONS = { approved_for_disposal: 'approve', deferred: 'defer', retained: 'reject' };
