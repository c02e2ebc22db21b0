// @ts-check
import { h } from './dom.js';
import { CLASS_COLOURS } from './charts.js';
import { boroughOutlines } from './reference.js';

/**
 * Leaflet maps with vector layers only. A basemap tile layer is added only when the server is
 * configured with BASEMAP_URL; otherwise nothing leaves the browser but calls to our own API.
 */

const LONDON = [
  [51.28, -0.51],
  [51.69, 0.33],
];

export function makeMap(container, basemapUrl) {
  const L = window.L;
  const map = L.map(container, { keyboard: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  if (basemapUrl)
    L.tileLayer(basemapUrl, { maxZoom: 19, attribution: 'Basemap: as configured by the estates team' }).addTo(map);
  map.fitBounds(LONDON);
  return map;
}

export async function addBoroughs(map) {
  const outlines = await boroughOutlines();
  const layer = window.L.geoJSON(outlines, {
    style: { color: '#4a5568', weight: 1, fill: true, fillOpacity: 0.03, interactive: false },
  });
  layer.addTo(map);
  map.attributionControl.addAttribution('Boroughs: GLA/ONS/OS, OGL');
  return layer;
}

/** A circle marker with a popup built from DOM nodes (Leaflet would parse a string as HTML). */
/**
 * @param {number} lat
 * @param {number} lon
 * @param {{ colour: string, label: string, href?: string, className?: string }} marker
 */
export function siteMarker(lat, lon, { colour, label, href, className }) {
  const marker = window.L.circleMarker([lat, lon], {
    radius: 6,
    color: '#1f2328',
    weight: 1,
    fillColor: colour,
    fillOpacity: 0.9,
    className,
  });
  if (href) marker.bindPopup(() => h('div', {}, h('a', { href }, label)));
  marker.bindTooltip(() => h('span', {}, label));
  return marker;
}

/**
 * Sites drawn from our vector tiles (/tiles/sites, canvas), for an estate too large for a marker
 * each: the server sends only the tiles in view, thinned below DETAIL_MIN_ZOOM, so a 100,000-site
 * estate costs a few hundred kB per screen. Tiles come with the session cookie (same origin).
 */
export function siteTiles(map, { style, label, href }) {
  const L = window.L;
  // Two mismatches between Leaflet.VectorGrid 1.3 and Leaflet 1.9, each undone here. VectorGrid
  // calls L.DomEvent.fakeStop, which Leaflet 1.8 removed: it marked the DOM event so the map does
  // not also take the click as its own. And Leaflet 1.9 places a click on a small circle at the
  // circle's getLatLng(); VectorGrid's circles are drawn in tile pixels and have no LatLng, so the
  // click threw: without getLatLng, Leaflet takes the pointer's own position.
  L.DomEvent.fakeStop ??= (e) => {
    e._stopped = true;
  };
  const SiteTiles = L.VectorGrid.Protobuf.extend({
    _createLayer(feature, pxPerExtent, layerStyle) {
      const drawn = L.VectorGrid.Protobuf.prototype._createLayer.call(this, feature, pxPerExtent, layerStyle);
      drawn.getLatLng = null;
      return drawn;
    },
  });
  const layer = new SiteTiles('/tiles/sites/{z}/{x}/{y}.mvt', {
    rendererFactory: L.canvas.tile,
    vectorTileLayerStyles: { sites: (properties) => style(properties) },
    interactive: true,
    getFeatureId: (feature) => feature.properties.siteId,
    maxNativeZoom: 22,
    maxZoom: 22,
    fetchOptions: { credentials: 'same-origin' },
  });
  layer.on('click', (e) => {
    const p = e.layer.properties;
    L.popup()
      .setLatLng(e.latlng)
      .setContent(h('div', {}, h('a', { href: href(p) }, label(p))))
      .openOn(map);
  });
  return layer.addTo(map);
}

export const classColour = (conditionClass) => CLASS_COLOURS[conditionClass] ?? CLASS_COLOURS['not-surveyed'];

/** A legend drawn as a list, so it is text, not only colour. */
export function legend(entries) {
  return h(
    'ul',
    { class: 'legend' },
    entries.map(([colour, label]) => h('li', {}, h('span', { class: 'swatch', style: `background:${colour}` }), label)),
  );
}
