import { LAND_QUERYABLES } from '../../db/land-queryables.js';
import { landExtent, type LandStatus } from '../../db/land.js';
import { CQL2_CONFORMANCE } from '../../ogc/cql2/filter.js';
import { queryablesDocument } from '../../ogc/cql2/queryables.js';
import { EstatesError } from '../../errors.js';
import { access } from '../access.js';
import type { Api, ApiDeps } from '../deps.js';
import * as schema from '../schemas/ogc.js';
import { BNG, CRS84 } from '../schemas/ogc.js';
import { GEOJSON_TYPE } from '../serialise/geojson.js';
import { baseUrl, JSON_TYPE, sendJson } from './links.js';

/**
 * OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0), Part 2 (CRS by reference), Part 3
 * (Queryables, Filter, Features Filter) and the CQL2 classes the reader and translator pass: what
 * is served, and no more (test/integration/api/ogc-filter.test.ts exercises each over HTTP). Not
 * declared: queryables as query parameters, Part 3's functions resource (S_DWITHIN is ours),
 * CQL2's temporal functions (only the instant relations are read) and arrays.
 */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  ...CQL2_CONFORMANCE,
];

/** The link relation of a collection's queryables (OGC API – Features Part 3). */
const QUERYABLES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';
const SCHEMA_TYPE = 'application/schema+json';

export const COLLECTIONS: Record<string, { status: LandStatus; title: string; description: string }> = {
  'released-land': {
    status: 'released',
    title: 'Released NHS land',
    description: 'NHS sites whose disposal has completed, with their housing capacity (homes).',
  },
  'pipeline-land': {
    status: 'pipeline',
    title: 'NHS land in the disposal pipeline',
    description: 'NHS sites with an open case approved for disposal or beyond, with their housing capacity (homes).',
  },
};

export const collectionOf = (id: string): { status: LandStatus; title: string; description: string } => {
  const collection = COLLECTIONS[id];
  if (!collection)
    throw new EstatesError('not_found', `no collection ${id}; there are ${Object.keys(COLLECTIONS).join(', ')}`);
  return collection;
};

async function collectionJson({ db }: ApiDeps, base: string, id: string) {
  const collection = collectionOf(id);
  const extent = await landExtent(db, collection.status);
  const bbox = (extent ?? [-0.5104, 51.2868, 0.334, 51.6919]).map((c) => Number(c.toFixed(6)));
  const links = [
    { href: `${base}/collections/${id}`, rel: 'self', type: JSON_TYPE, title: collection.title },
    {
      href: `${base}/collections/${id}/items`,
      rel: 'items',
      type: GEOJSON_TYPE,
      title: `${collection.title} (GeoJSON)`,
    },
    {
      href: `${base}/collections/${id}/queryables`,
      rel: QUERYABLES_REL,
      type: SCHEMA_TYPE,
      title: 'the properties a filter may name',
    },
  ];
  const { title, description } = collection;
  return {
    id,
    title,
    description,
    itemType: 'feature',
    extent: { spatial: { bbox: [bbox], crs: CRS84 } },
    crs: [CRS84, BNG],
    storageCrs: BNG,
    links,
  };
}

/** The landing page, conformance classes and the collections. */
export function ogcCollectionRoutes(app: Api, deps: ApiDeps): void {
  app.get('/ogc', { config: access('GET /ogc'), schema: schema.landing }, async (request, reply) => {
    const base = baseUrl(request);
    const service = { type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' };
    return sendJson(reply, JSON_TYPE, {
      title: 'London Estates: NHS land for housing',
      description: 'Released and pipeline NHS land in London, as OGC API – Features.',
      links: [
        { href: base, rel: 'self', type: JSON_TYPE, title: 'this document' },
        { href: base.replace(/\/ogc$/, '/api/openapi.json'), rel: 'service-desc', ...service },
        { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'collections' },
      ],
    });
  });

  app.get(
    '/ogc/conformance',
    { config: access('GET /ogc/conformance'), schema: schema.conformance },
    async (_r, reply) => sendJson(reply, JSON_TYPE, { conformsTo: CONFORMANCE }),
  );

  app.get(
    '/ogc/collections',
    { config: access('GET /ogc/collections'), schema: schema.collections },
    async (request, reply) => {
      const base = baseUrl(request);
      const collections = await Promise.all(Object.keys(COLLECTIONS).map((id) => collectionJson(deps, base, id)));
      const links = [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE }];
      return sendJson(reply, JSON_TYPE, { links, crs: [CRS84, BNG], collections });
    },
  );

  app.get(
    '/ogc/collections/:collectionId/queryables',
    { config: access('GET /ogc/collections/:collectionId/queryables'), schema: schema.queryables },
    async (request, reply) => {
      const id = request.params.collectionId;
      const { title } = collectionOf(id);
      const about = { id: `${baseUrl(request)}/collections/${id}/queryables`, title: `${title}: queryables` };
      return sendJson(reply, SCHEMA_TYPE, queryablesDocument(LAND_QUERYABLES, about));
    },
  );

  app.get(
    '/ogc/collections/:collectionId',
    { config: access('GET /ogc/collections/:collectionId'), schema: schema.collection },
    async (request, reply) =>
      sendJson(reply, JSON_TYPE, await collectionJson(deps, baseUrl(request), request.params.collectionId)),
  );
}
