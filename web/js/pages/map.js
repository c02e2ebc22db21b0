// @ts-check
import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { loadInto } from '../feedback.js';
import { CLASS_COLOURS } from '../charts.js';
import { addBoroughs, classColour, legend, makeMap, siteMarker, siteTiles } from '../map.js';
import { int, words } from '../format.js';

const siteLabel = (p) => `${p.name ?? p.sourceRef} (${words(p.conditionClass ?? 'not scored')})`;
const siteHref = (p) => `#/sites/${p.siteId}`;

/**
 * Every site on a map, coloured by condition class, over borough outlines: one marker each for
 * an estate of a few thousand, vector tiles beyond (ui-config's mapTilesFromSites), where one
 * GeoJSON document of every site would be tens of megabytes.
 */
export async function render(main, { basemapUrl, mapTilesFromSites }) {
  const tileset = await loadInto(main, 'the sites', () => api('/tiles/sites'));
  if (tileset.sites >= mapTilesFromSites) return renderTiles(main, basemapUrl, tileset.sites);
  const points = await loadInto(main, 'the sites', () => api('/api/map/sites'));
  const counts = {};
  for (const f of points.features)
    counts[f.properties.conditionClass ?? 'not-surveyed'] =
      (counts[f.properties.conditionClass ?? 'not-surveyed'] ?? 0) + 1;
  const map = page(
    main,
    basemapUrl,
    `${int(points.features.length)} sites, coloured by condition class. Select a site for its page; the ranked list has the same sites as a table.`,
    Object.entries(CLASS_COLOURS).map(([cls, colour]) => [colour, `${words(cls)} (${int(counts[cls] ?? 0)})`]),
  );
  await addBoroughs(map);
  for (const f of points.features) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    siteMarker(lat, lon, {
      colour: classColour(p.conditionClass),
      label: siteLabel(p),
      href: siteHref(p),
      className: `site-marker site-${p.siteId}`,
    }).addTo(map);
  }
}

async function renderTiles(main, basemapUrl, siteCount) {
  const map = page(
    main,
    basemapUrl,
    `${int(siteCount)} sites, coloured by condition class and drawn from vector tiles: zoomed out, each dot stands for the best-ranked site of its neighbourhood; zoom in to see every site. Select a site for its page.`,
    Object.entries(CLASS_COLOURS).map(([cls, colour]) => [colour, words(cls)]),
  );
  await addBoroughs(map);
  siteTiles(map, {
    style: (p) => ({
      radius: 5,
      fill: true,
      fillColor: classColour(p.conditionClass),
      fillOpacity: 0.9,
      color: '#1f2328',
      weight: 1,
    }),
    label: siteLabel,
    href: siteHref,
  });
}

function page(main, basemapUrl, lede, legendEntries) {
  const mapEl = h('div', { class: 'map', role: 'region', 'aria-label': 'Map of sites by condition class' });
  fill(main, h('h1', {}, 'Map of the estate'), h('p', { class: 'lede' }, lede), legend(legendEntries), mapEl);
  return makeMap(mapEl, basemapUrl);
}
