// @ts-check
/**
 * The disposal path, the stall reasons, the Board's decisions and the meeting-id form come from
 * the API (GET /api/ui-config, built from src/domain), so the UI keeps no copy of them that could
 * drift. app.js fills them before any page draws.
 */
export let PATH_STAGES = [];
export let STALL_REASONS = [];
/** The Board's decision that moves a case out of board review to each stage (POST /api/board/decisions). */
export let BOARD_DECISIONS = {};
/** An HTML pattern attribute for a Board meeting id. */
export let MEETING_ID_PATTERN = '';

export function setWorkflowVocabulary(workflow) {
  PATH_STAGES = workflow.pathStages;
  STALL_REASONS = workflow.stallReasons;
  BOARD_DECISIONS = Object.fromEntries(Object.entries(workflow.decisionStages).map(([decision, to]) => [to, decision]));
  MEETING_ID_PATTERN = workflow.meetingIdPattern;
}

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
