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

/**
 * The ranked row as the API sends it (the shared keys and the pence), so Fastify compiles its
 * serialiser instead of walking each row generically. Keys absent here (reasons, whose shape is
 * the ranking's) are still sent, as JSON.stringify writes them.
 */
export const rankedSiteSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    rank: { type: 'integer' },
    siteId: { type: 'integer' },
    source: { type: 'string' },
    sourceRef: { type: 'string' },
    name: { type: ['string', 'null'] },
    borough: { type: ['string', 'null'] },
    boroughName: { type: ['string', 'null'] },
    subRegion: { type: ['string', 'null'] },
    tenure: { type: ['string', 'null'] },
    siteAreaHa: { type: ['number', 'null'] },
    route: { type: 'string' },
    priority: { type: 'number' },
    conditionClass: { type: 'string' },
    conditionScore: { type: ['number', 'null'] },
    surplusScore: { type: 'number' },
    homes: { type: ['integer', 'null'] },
    marketValuePence: { type: ['integer', 'null'] },
    netReceiptPence: { type: ['integer', 'null'] },
  },
} as const;
