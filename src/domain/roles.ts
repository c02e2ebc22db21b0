/**
 * Who uses London Estates, and what each role may see. Every account has one role. The API's
 * route table (src/api/access.ts) is built from the groups below, the web UI receives both from
 * GET /api/ui-config, and the case workflow's own table (case-workflow.ts) says which move is whose.
 */

export const ROLES = ['officer', 'board', 'housing', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Groups of roles, named for what they share. */
export const ROLE_GROUPS = {
  everyone: ROLES,
  /** Valuations and assumption sets are commercially confidential: the Board and officers only, never housing. */
  valuers: ['board', 'officer', 'admin'],
  /** Officers keep the estate's records: uploads and their rejections. */
  recordKeepers: ['officer', 'admin'],
  /** Officers open and move cases, the Board decides them. */
  caseMovers: ['officer', 'board'],
  board: ['board'],
  admins: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether a role may see valuation figures anywhere. */
export const mayReadValuations = (role: Role): boolean => (ROLE_GROUPS.valuers as readonly Role[]).includes(role);

/** What every role may see of a case: whether and where it is. */
export const CASE_STATUS_FIELDS = ['caseId', 'siteId', 'siteRef', 'siteName', 'stage', 'openedAt', 'closedAt'] as const;
type CaseStatusField = (typeof CASE_STATUS_FIELDS)[number];

/**
 * A case as a role may see it. Its record (timeline, facts, forecast, deadline) carries
 * valuations, so a role that may not read them sees the status fields only.
 */
export function caseViewFor<T extends Record<CaseStatusField, unknown>>(
  role: Role,
  view: T,
): T | Pick<T, CaseStatusField> {
  if (mayReadValuations(role)) return view;
  return Object.fromEntries(CASE_STATUS_FIELDS.map((field) => [field, view[field]])) as Pick<T, CaseStatusField>;
}

/** A site as a role may see it: without its valuation for a role that may not read valuations. */
export function siteViewFor<T extends { valuation?: unknown }>(role: Role, site: T): T | Omit<T, 'valuation'> {
  if (mayReadValuations(role)) return site;
  const { valuation: _withheld, ...withoutValuation } = site;
  return withoutValuation;
}
