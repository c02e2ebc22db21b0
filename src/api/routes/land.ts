import { landSites, landVersion, type LandFilter } from '../../db/land.js';
import { access } from '../access.js';
import { scopeKeyOf } from '../auth.js';
import { AnswerCache, FreshVersion } from '../answer-cache.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/land.js';
import { brownfieldCsv } from '../serialise/brownfield.js';
import { sendSerialised } from '../serialise/bytes.js';
import { GEOJSON_TYPE, landFeature } from '../serialise/geojson.js';
import { parseBbox, parseNear } from '../spatial-params.js';

const CONTENT_TYPE = { json: 'application/json; charset=utf-8', geojson: GEOJSON_TYPE, csv: 'text/csv; charset=utf-8' };

export function landRoutes(app: Api, { db }: ApiDeps): void {
  // Housing teams ask about the same places again and again, and land changes only when a case
  // moves, a site is re-uploaded or a valuation run lands: keep each serialised answer until its
  // version moves on, as bytes (neither re-encoded nor re-measured per request). 1,000 answers near
  // a point (~10 kB each) stay well under the 32 MB budget.
  const answers = new AnswerCache<Buffer>({ maxEntries: 1_000, maxSize: 32 * 2 ** 20, sizeOf: (body) => body.length });
  const version = new FreshVersion(() => landVersion(db));
  app.get('/api/land', { config: access('GET /api/land'), schema: schema.landSearch }, async (request, reply) => {
    const q = request.query;
    const filter: LandFilter = {
      status: q.status,
      borough: q.borough,
      minHomes: q.minHomes,
      minHa: q.minHa,
      near: parseNear(q.near, q.within),
      bbox: q.bbox === undefined ? undefined : parseBbox(q.bbox, 4326),
      limit: q.limit,
      offset: q.offset,
    };
    // The parsed filter, not the query text: "near=-0.1,51.5" and "near=-0.10,51.50" are one question.
    const { status, borough, minHomes, minHa, near, bbox, limit, offset } = filter;
    const question = JSON.stringify([
      scopeKeyOf(request),
      q.format,
      status,
      borough,
      minHomes,
      minHa,
      near,
      bbox,
      limit,
      offset,
    ]);
    const body = await answers.answer(question, await version.current(), async () => {
      const { total, sites } = await landSites(db, filter);
      if (q.format === 'csv') return Buffer.from(brownfieldCsv(sites));
      if (q.format === 'geojson')
        return Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: sites.map(landFeature) }));
      return Buffer.from(reply.serialize({ total, limit: q.limit, offset: q.offset, sites }) as string);
    });
    if (q.format === 'csv')
      void reply.header('content-disposition', 'attachment; filename="nhs-land-brownfield-register.csv"');
    return sendSerialised(reply, CONTENT_TYPE[q.format], body);
  });
}
