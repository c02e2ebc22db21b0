// @ts-check
import { api, queryString } from '../api.js';
import { boroughs } from '../reference.js';
import { h, fill, field, select, table } from '../dom.js';
import { loadInto } from '../feedback.js';
import { addBoroughs, legend, makeMap, siteMarker } from '../map.js';
import { date, decimal, hectares, int, words } from '../format.js';

const STATUS_COLOURS = { released: '#1b6e36', pipeline: '#a14f00' };

/** Released and pipeline land for housing teams: filters, a point picked on the map, and downloads. */
export async function render(main, { basemapUrl }) {
  const boroughList = await boroughs();
  const status = select(
    'status',
    [
      ['', 'Released and pipeline'],
      ['released', 'Released'],
      ['pipeline', 'Pipeline'],
    ],
    '',
  );
  const borough = select('borough', [['', 'All boroughs'], ...boroughList.map((b) => [b.borough, b.boroughName])], '');
  const minHomes = h('input', { name: 'minHomes', type: 'number', min: 0, step: 1, inputmode: 'numeric' });
  const near = h('input', { name: 'near', placeholder: 'lon,lat', pattern: '-?\\d+(\\.\\d+)?,\\s*-?\\d+(\\.\\d+)?' });
  const within = h('input', {
    name: 'within',
    type: 'number',
    min: 1,
    max: 50000,
    step: 1,
    value: '1000',
    inputmode: 'numeric',
  });
  const search = h('button', { type: 'submit' }, 'Search');
  const clearPoint = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        near.value = '';
        pointLayer.clearLayers();
        void show();
      },
    },
    'Clear point',
  );
  const downloads = h('p', { class: 'downloads' });
  const results = h('div', { class: 'results' });
  const mapEl = h('div', {
    class: 'map',
    role: 'region',
    'aria-label': 'Map of released and pipeline land; click to search near a point',
  });
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        void show();
      },
    },
    field('Status', status),
    field('Borough', borough),
    field('Minimum homes', minHomes),
    field('Near (longitude, latitude)', near, 'Click the map to fill this in'),
    field('Within (metres)', within),
    search,
    clearPoint,
  );
  fill(
    main,
    h('h1', {}, 'Released land'),
    h(
      'p',
      { class: 'lede' },
      'NHS land released for housing, and land on its way (approved for disposal and later stages). Click the map to search near a point.',
    ),
    form,
    legend([
      [STATUS_COLOURS.released, 'Released'],
      [STATUS_COLOURS.pipeline, 'Pipeline'],
    ]),
    mapEl,
    downloads,
    results,
  );

  const map = makeMap(mapEl, basemapUrl);
  const L = window.L;
  const siteLayer = L.layerGroup().addTo(map);
  const pointLayer = L.layerGroup().addTo(map);
  await addBoroughs(map);
  const pick = (latlng) => {
    near.value = `${latlng.lng.toFixed(6)},${latlng.lat.toFixed(6)}`;
    void show();
  };
  map.on('click', (e) => pick(e.latlng));

  function filters() {
    const point = near.value.trim() ? near.value.replace(/\s+/g, '') : undefined;
    return {
      status: status.value,
      borough: borough.value,
      minHomes: minHomes.value,
      near: point,
      within: point ? within.value : undefined,
    };
  }

  async function show() {
    const query = filters();
    pointLayer.clearLayers();
    if (query.near) {
      const [lon, lat] = query.near.split(',').map(Number);
      const circle = L.circle([lat, lon], {
        radius: Number(query.within),
        color: '#24466e',
        weight: 2,
        fillOpacity: 0.08,
        interactive: false,
      }).addTo(pointLayer);
      // Zoom to the search area so the circle and what it caught can be seen.
      map.fitBounds(circle.getBounds().pad(0.5), { maxZoom: 16 });
    }
    const land = await loadInto(results, 'released land', () => api('/api/land', { query }));
    siteLayer.clearLayers();
    for (const s of land.sites) {
      // A click on a site searches around it, like a click anywhere else; the table below links to each site.
      siteMarker(s.lat, s.lon, {
        colour: STATUS_COLOURS[s.status],
        label: `${s.name ?? s.sourceRef} (${s.status}, ${s.homes ?? '—'} homes)`,
        className: `land-marker site-${s.siteId}`,
      })
        .on('click', (e) => pick(e.latlng))
        .addTo(siteLayer);
    }
    fill(
      downloads,
      'Download these results: ',
      h(
        'a',
        { href: `/api/land${queryString({ ...query, format: 'geojson' })}`, download: 'nhs-land.geojson' },
        'GeoJSON (WGS84)',
      ),
      ' · ',
      h(
        'a',
        { href: `/api/land${queryString({ ...query, format: 'csv' })}`, download: 'nhs-land-brownfield-register.csv' },
        'CSV (Brownfield Land Register layout)',
      ),
    );
    fill(
      results,
      land.sites.length === 0
        ? h('p', {}, 'No land matches. Widen the distance, or clear a filter.')
        : table(
            `${int(land.total)} ${land.total === 1 ? 'site' : 'sites'}${
              query.near
                ? ` within ${int(Number(query.within))} m of ${query.near
                    .split(',')
                    .map((v) => decimal(Number(v), 5))
                    .join(', ')}`
                : ''
            }`,
            ['Site', 'Borough', 'Status', 'Stage', 'Homes', 'Area', 'Case opened'],
            land.sites.map((s) =>
              h(
                'tr',
                { 'data-site-id': s.siteId },
                h(
                  'th',
                  { scope: 'row' },
                  h('a', { href: `#/sites/${s.siteId}` }, s.name ?? s.sourceRef),
                  h('span', { class: 'sub' }, s.sourceRef),
                ),
                h('td', {}, s.boroughName ?? s.borough ?? '—'),
                h('td', {}, words(s.status)),
                h('td', {}, words(s.stage)),
                h('td', { class: 'num' }, int(s.homes)),
                h('td', { class: 'num' }, hectares(s.siteAreaHa)),
                h('td', {}, date(s.caseOpenedOn)),
              ),
            ),
            { class: 'land' },
          ),
    );
  }
  await show();
}
