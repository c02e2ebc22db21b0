// @ts-check
import { api } from '../api.js';
import { boroughs } from '../reference.js';
import { h, fill, field, select, table } from '../dom.js';
import { loadInto } from '../feedback.js';
import { exportButtons } from '../downloads.js';
import { classBadge } from '../widgets.js';
import { hectares, int, money, score, words } from '../format.js';

const PAGE_SIZE = 50;

/** The Board's ranked disposal list: filters, and each site's reasons one click away. */
export async function render(main, { user }) {
  const state = { borough: '', class: '', minScore: '', offset: 0 };
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  for (const key of ['borough', 'class', 'minScore']) state[key] = q.get(key) ?? '';

  const boroughList = await boroughs();
  const boroughSelect = select(
    'borough',
    [['', 'All boroughs'], ...boroughList.map((b) => [b.borough, b.boroughName])],
    state.borough,
  );
  const classSelect = select(
    'class',
    [
      ['', 'All classes'],
      ['rebuild', 'Rebuild'],
      ['refurbish', 'Refurbish'],
      ['maintain', 'Maintain'],
      ['not-surveyed', 'Not surveyed'],
    ],
    state.class,
  );
  const minScore = h('input', {
    name: 'minScore',
    type: 'number',
    min: 0,
    max: 100,
    step: 1,
    inputmode: 'numeric',
    value: state.minScore,
  });
  const apply = h('button', { type: 'submit' }, 'Apply filters');
  const results = h('div', { class: 'results' });
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e) => {
        e.preventDefault();
        state.borough = boroughSelect.value;
        state.class = classSelect.value;
        state.minScore = minScore.value;
        state.offset = 0;
        void show();
      },
    },
    field('Borough', boroughSelect),
    field('Condition class', classSelect),
    field('Minimum surplus score (0–100)', minScore),
    apply,
  );
  fill(
    main,
    h('h1', {}, 'Ranked disposal list'),
    h(
      'p',
      { class: 'lede' },
      'Sites in the order the ranking puts them forward for disposal. Open a row’s reasons to see why.',
    ),
    form,
    results,
  );

  async function show() {
    /** @type {import('../api-types').ApiAnswers['GET /api/ranked']} */
    const list = await loadInto(results, 'the ranked list', () =>
      api('/api/ranked', {
        query: {
          borough: state.borough,
          class: state.class,
          minScore: state.minScore,
          limit: PAGE_SIZE,
          offset: state.offset,
        },
      }),
    );
    const rows = list.sites.flatMap((site) => {
      const reasonsId = `reasons-${site.siteId}`;
      const reasonsRow = h(
        'tr',
        { id: reasonsId, class: 'reasons', hidden: true },
        h(
          'td',
          { colspan: 10 },
          h(
            'ul',
            {},
            site.reasons.map((r) => h('li', {}, r)),
          ),
        ),
      );
      const toggle = h(
        'button',
        {
          type: 'button',
          class: 'toggle',
          'aria-expanded': 'false',
          'aria-controls': reasonsId,
          onclick: () => {
            const open = toggle.getAttribute('aria-expanded') !== 'true';
            toggle.setAttribute('aria-expanded', String(open));
            reasonsRow.hidden = !open;
            toggle.textContent = open ? 'Hide reasons' : 'Reasons';
          },
        },
        'Reasons',
      );
      return [
        h(
          'tr',
          { 'data-site-id': site.siteId },
          h('td', { class: 'num' }, int(site.rank)),
          h(
            'th',
            { scope: 'row' },
            h('a', { href: `#/sites/${site.siteId}` }, site.name ?? site.sourceRef),
            h('span', { class: 'sub' }, site.sourceRef),
          ),
          h('td', {}, site.boroughName ?? site.borough ?? '—'),
          h('td', {}, classBadge(site.conditionClass)),
          h('td', { class: 'num' }, score(site.surplusScore)),
          h('td', { class: 'num' }, hectares(site.siteAreaHa)),
          h('td', { class: 'num' }, int(site.homes)),
          h('td', { class: 'num' }, money(site.marketValuePence)),
          h('td', {}, words(site.route)),
          h('td', {}, toggle),
        ),
        reasonsRow,
      ];
    });
    const pager = h(
      'div',
      { class: 'pager' },
      h(
        'button',
        {
          type: 'button',
          disabled: state.offset === 0,
          onclick: () => {
            state.offset = Math.max(0, state.offset - PAGE_SIZE);
            void show();
          },
        },
        'Previous',
      ),
      h(
        'span',
        {},
        list.total === 0
          ? 'No sites'
          : `Sites ${int(state.offset + 1)}–${int(state.offset + list.sites.length)} of ${int(list.total)}`,
      ),
      h(
        'button',
        {
          type: 'button',
          disabled: state.offset + PAGE_SIZE >= list.total,
          onclick: () => {
            state.offset += PAGE_SIZE;
            void show();
          },
        },
        'Next',
      ),
    );
    const filters = { borough: state.borough, class: state.class, minScore: state.minScore };
    fill(
      results,
      exportButtons(user, '/api/ranked', filters, `the ${int(list.total)} sites matching these filters`),
      list.estateVersion === null
        ? h('p', {}, 'Nothing is ranked yet: an officer uploads the registers and surveys first.')
        : null,
      table(
        `Ranked sites (estate version ${list.estateVersion ?? '—'})`,
        ['Rank', 'Site', 'Borough', 'Condition', 'Surplus score', 'Area', 'Homes', 'Market value', 'Route', 'Why'],
        rows,
        { class: 'ranked' },
      ),
      pager,
    );
  }
  await show();
}
