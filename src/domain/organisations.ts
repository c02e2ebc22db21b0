/**
 * The bodies that use London Estates. Every user works for one, and every upload, site and case
 * belongs to one: an officer sees and changes only their own organisation's records (issue 20).
 */

export const ORGANISATION_KINDS = ['nhsps', 'chp', 'trust', 'icb', 'borough', 'gla', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** An organisation's code: 2–16 capitals, digits or hyphens (NHSPS, CHP, an ODS trust code such as RJ1, a GSS code). */
export const ORGANISATION_CODE = /^[A-Z0-9][A-Z0-9-]{1,15}$/;

/** A code as people type it (rj1, " chp ") in the one form it is stored in, or null when it cannot be one. */
export function organisationCode(text: string): string | null {
  const code = text.trim().toUpperCase();
  return ORGANISATION_CODE.test(code) ? code : null;
}

export const isOrganisationKind = (text: string): text is OrganisationKind =>
  (ORGANISATION_KINDS as readonly string[]).includes(text);
