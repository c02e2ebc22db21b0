import { storedId } from '../../db/ids.js';
import { landSites, landVersion, type LandFilter } from '../../db/land.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import { scopeKeyOf } from '../auth.js';
import { AnswerCache, FreshVersion } from '../answer-cache.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/ogc.js';
import { sendSerialised } from '../serialise/bytes.js';
import { GEOJSON_TYPE, landFeature } from '../serialise/geojson.js';
import { parseBbox } from '../spatial-params.js';
import { collectionOf } from './collections.js';
import { readFeatureQuery, withProperties } from './feature-query.js';
import { baseUrl, crsUri, JSON_TYPE, sendJson, sridOf } from './links.js';

type Page = { total: number; returned: number; features: string };

/** The parameters an items page link carries forward. */
const KEPT_PARAMETERS = [
  'bbox',
  'bbox-crs',
  'crs',
  'filter',
  'filter-lang',
  'filter-crs',
  'datetime',
  'sortby',
  'properties',
] as const;

/** A collection's features, a page at a time, and one feature. */
export function ogcItemRoutes(app: Api, { db }: ApiDeps): void {
  // GIS clients page and pan over the same boxes; land changes only when a case moves, a site is
  // re-uploaded or a valuation run lands. Each page's features are kept serialised until their
  // version moves on; links and timeStamp are written around them per request. 1,000 pages of up
  // to 100 features (~13 kB) stay under the 32 MB budget.
  const pages = new AnswerCache<Page>({ maxEntries: 1_000, maxSize: 32 * 2 ** 20, sizeOf: (p) => p.features.length });
  const version = new FreshVersion(() => landVersion(db));
  const landPage = async (scope: string, filter: LandFilter, properties: string[] | undefined): Promise<Page> =>
    pages.answer(JSON.stringify([scope, filter, properties]), await version.current(), async () => {
      const { total, sites } = await landSites(db, filter);
      const features = sites.map((site) => withProperties(landFeature(site), properties));
      return { total, returned: sites.length, features: JSON.stringify(features) };
    });

  app.get(
    '/ogc/collections/:collectionId/items',
    { config: access('GET /ogc/collections/:collectionId/items'), schema: schema.items },
    async (request, reply) => {
      const id = request.params.collectionId;
      const collection = collectionOf(id);
      const q = request.query;
      const outputSrid = sridOf(q.crs, 'crs');
      if (q['bbox-crs'] !== undefined && q.bbox === undefined)
        throw new EstatesError('bad_input', 'bbox-crs needs a bbox');
      const bbox = q.bbox === undefined ? undefined : parseBbox(q.bbox, sridOf(q['bbox-crs'], 'bbox-crs'));
      const { limit, offset } = q;
      const { cql2, sort, properties } = readFeatureQuery(q);
      const { total, returned, features } = await landPage(
        scopeKeyOf(request),
        { status: collection.status, bbox, cql2, sort, outputSrid, limit, offset },
        properties,
      );
      const base = baseUrl(request);
      const page = (at: number): string => {
        const params = new URLSearchParams();
        for (const name of KEPT_PARAMETERS) if (q[name] !== undefined) params.set(name, q[name]);
        params.set('limit', String(limit));
        params.set('offset', String(at));
        return `${base}/collections/${id}/items?${params.toString()}`;
      };
      const link = (at: number, rel: string, title: string) => ({ href: page(at), rel, type: GEOJSON_TYPE, title });
      const links = [
        link(offset, 'self', 'this page'),
        { href: `${base}/collections/${id}`, rel: 'collection', type: JSON_TYPE, title: collection.title },
        ...(offset + returned < total ? [link(offset + limit, 'next', 'next page')] : []),
        ...(offset > 0 ? [link(Math.max(0, offset - limit), 'prev', 'previous page')] : []),
      ];
      // The kept features go out as they were serialised; only this request's parts are written now.
      const body = `{"type":"FeatureCollection","features":${features},"links":${JSON.stringify(links)},"timeStamp":"${new Date().toISOString()}","numberMatched":${total},"numberReturned":${returned}}`;
      void reply.header('content-crs', `<${crsUri(outputSrid)}>`);
      return sendSerialised(reply, GEOJSON_TYPE, body);
    },
  );

  app.get(
    '/ogc/collections/:collectionId/items/:featureId',
    { config: access('GET /ogc/collections/:collectionId/items/:featureId'), schema: schema.item },
    async (request, reply) => {
      const { collectionId, featureId } = request.params;
      const collection = collectionOf(collectionId);
      const outputSrid = sridOf(request.query.crs, 'crs');
      const siteId = storedId(featureId);
      const found =
        siteId === null
          ? []
          : (await landSites(db, { status: collection.status, siteId, outputSrid, limit: 1, offset: 0 })).sites;
      const site = found[0];
      if (!site) throw new EstatesError('not_found', `no feature ${featureId} in ${collectionId}`);
      const base = baseUrl(request);
      const links = [
        { href: `${base}/collections/${collectionId}/items/${site.siteId}`, rel: 'self', type: GEOJSON_TYPE },
        { href: `${base}/collections/${collectionId}`, rel: 'collection', type: JSON_TYPE },
      ];
      return sendJson(reply, GEOJSON_TYPE, { ...landFeature(site), links }, outputSrid);
    },
  );
}
