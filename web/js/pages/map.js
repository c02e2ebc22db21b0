// @ts-check
import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { loadInto } from '../feedback.js';
import { CLASS_COLOURS } from '../charts.js';
import { addBoroughs, classColour, legend, makeMap, siteMarker } from '../map.js';
import { int, words } from '../format.js';

/** Every site on a map, coloured by condition class, over borough outlines. */
export async function render(main, { basemapUrl }) {
  const points = await loadInto(main, 'the sites', () => api('/api/map/sites'));
  const mapEl = h('div', { class: 'map', role: 'region', 'aria-label': 'Map of sites by condition class' });
  const counts = {};
  for (const f of points.features)
    counts[f.properties.conditionClass ?? 'not-surveyed'] =
      (counts[f.properties.conditionClass ?? 'not-surveyed'] ?? 0) + 1;
  fill(
    main,
    h('h1', {}, 'Map of the estate'),
    h(
      'p',
      { class: 'lede' },
      `${int(points.features.length)} sites, coloured by condition class. Select a site for its page; the ranked list has the same sites as a table.`,
    ),
    legend(Object.entries(CLASS_COLOURS).map(([cls, colour]) => [colour, `${words(cls)} (${int(counts[cls] ?? 0)})`])),
    mapEl,
  );
  const map = makeMap(mapEl, basemapUrl);
  await addBoroughs(map);
  for (const f of points.features) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    siteMarker(lat, lon, {
      colour: classColour(p.conditionClass),
      label: `${p.name ?? p.sourceRef} (${words(p.conditionClass ?? 'not scored')})`,
      href: `#/sites/${p.siteId}`,
      className: `site-marker site-${p.siteId}`,
    }).addTo(map);
  }
}
