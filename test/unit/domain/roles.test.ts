import { describe, expect, it } from 'vitest';
import { CASE_STATUS_FIELDS, caseViewFor, mayReadValuations, ROLES, siteViewFor } from '../../../src/domain/roles.js';

const page = {
  caseId: 7,
  siteId: 3,
  siteRef: 'NHSPS-H003',
  siteName: 'Old clinic',
  stage: 'planning',
  openedAt: '2025-01-06T10:00:00.000Z',
  closedAt: null,
  version: 9,
  deadline: '2025-09-01',
  timeline: [{ sequence: 1, payload: { fact: 'valuation', marketValuePence: 1 } }],
};

describe('what each role may see', () => {
  it('keeps valuations to the Board, officers and admins', () => {
    expect(ROLES.filter(mayReadValuations)).toEqual(['officer', 'board', 'admin']);
  });

  it('shows a case whole to a valuer and its status fields only to housing', () => {
    expect(caseViewFor('board', page)).toBe(page);
    expect(caseViewFor('housing', page)).toEqual({
      caseId: 7,
      siteId: 3,
      siteRef: 'NHSPS-H003',
      siteName: 'Old clinic',
      stage: 'planning',
      openedAt: '2025-01-06T10:00:00.000Z',
      closedAt: null,
    });
    expect(Object.keys(caseViewFor('housing', page))).toEqual([...CASE_STATUS_FIELDS]);
  });

  it('withholds a site’s valuation from housing only', () => {
    const site = { site: { siteId: 3 }, valuation: { marketValuePence: 1 } };
    expect(siteViewFor('officer', site)).toBe(site);
    expect(siteViewFor('housing', site)).toEqual({ site: { siteId: 3 } });
  });
});
