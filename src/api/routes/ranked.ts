import { findBorough } from '../../../geo/boroughs.js';
import { rankedList, rankedListVersion } from '../../db/ranking.js';
import { access } from '../access.js';
import { logConfidentialRead } from '../confidential.js';
import { scopeKeyOf } from '../auth.js';
import { AnswerCache, FreshVersion } from '../answer-cache.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/ranked.js';
import { sendSerialised } from '../serialise/bytes.js';
import { rankedSiteFields } from '../serialise/ranked.js';

export function rankedRoutes(app: Api, { db }: ApiDeps): void {
  // The Board's questions are few (33 boroughs × a handful of filters and pages) and the list
  // only changes when a run lands: keep each serialised answer until its version moves on.
  // A page of 50 serialises to about 40 kB; 500 answers stay under 24 MB.
  // Kept as bytes: a 40 kB page is then neither re-encoded nor re-measured on every request.
  const answers = new AnswerCache<{ body: Buffer; valuedSiteIds: number[] }>({
    maxEntries: 500,
    maxSize: 24 * 2 ** 20,
    sizeOf: (page) => page.body.length + 8 * page.valuedSiteIds.length,
  });
  const version = new FreshVersion(() => rankedListVersion(db));
  app.get('/api/ranked', { config: access('GET /api/ranked'), schema: schema.rankedList }, async (request, reply) => {
    const q = request.query;
    // A borough named any way the filter accepts is one question.
    const borough = q.borough === undefined ? null : (findBorough(q.borough)?.gssCode ?? `unknown ${q.borough}`);
    const question = JSON.stringify([
      scopeKeyOf(request),
      borough,
      q.subRegion ?? null,
      q.class ?? null,
      q.minScore ?? null,
      q.limit,
      q.offset,
    ]);
    const { body, valuedSiteIds } = await answers.answer(question, await version.current(), async () => {
      const list = await rankedList(db, {
        top: q.limit,
        offset: q.offset,
        borough: q.borough,
        subRegion: q.subRegion,
        conditionClass: q.class,
        minScore: q.minScore,
      });
      const page = {
        estateVersion: list.estateVersion,
        total: list.total,
        limit: q.limit,
        offset: q.offset,
        sites: list.sites.map((s) => ({
          ...rankedSiteFields(s),
          marketValuePence: s.marketValuePence,
          netReceiptPence: s.netReceiptPence,
        })),
      };
      // The route's compiled serialiser, from its response schema: the page is written once per version.
      return {
        body: Buffer.from(reply.serialize(page) as string),
        valuedSiteIds: page.sites.flatMap((s) => (s.marketValuePence === null ? [] : [s.siteId])),
      };
    });
    // Logged on every request, kept answer or not: each is a read of the figures.
    if (valuedSiteIds.length > 0) await logConfidentialRead(db, request, 'ranked list', valuedSiteIds);
    return sendSerialised(reply, 'application/json; charset=utf-8', body);
  });
}
