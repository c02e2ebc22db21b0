import type { RankedSiteRow } from '../../db/ranking.js';

/** The ranked-list keys the API and the CLI share; each adds its money fields (pence in the API, pounds in the CLI). */
export const rankedSiteFields = (s: RankedSiteRow) => ({
  rank: s.rank,
  siteId: s.siteId,
  source: s.source,
  sourceRef: s.sourceRef,
  name: s.name,
  borough: s.boroughGss,
  boroughName: s.boroughName,
  subRegion: s.subRegion,
  tenure: s.tenure,
  siteAreaHa: s.siteAreaHa,
  route: s.route,
  priority: s.priority,
  conditionClass: s.conditionClass,
  conditionScore: s.conditionScore,
  surplusScore: s.surplusScore,
  reasons: s.reasons,
  homes: s.homes,
});
