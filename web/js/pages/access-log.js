import { api } from '../api.js';
import { h, fill, table } from '../dom.js';
import { loadInto } from '../feedback.js';
import { dateTime, int } from '../format.js';

/**
 * The access log (GET /api/access-log, as `estates access-log`): every read of a confidential
 * figure, newest first, with who, their organisation, the route and the sites. Read only: the
 * product has no way to change it.
 */
export async function render(main) {
  const form = h('form', { class: 'filters', 'aria-label': 'Filter the access log' });
  const user = h('input', { id: 'log-user', name: 'user', autocomplete: 'off' });
  const since = h('input', { id: 'log-since', name: 'since', type: 'date' });
  form.append(
    h('label', { for: 'log-user' }, 'User'),
    user,
    h('label', { for: 'log-since' }, 'Since'),
    since,
    h('button', { type: 'submit' }, 'Show'),
  );
  const results = h('section', { class: 'card', 'aria-live': 'polite' });
  const show = async () => {
    const query = new URLSearchParams();
    if (user.value.trim()) query.set('user', user.value.trim());
    if (since.value) query.set('since', since.value);
    const { entries } = await loadInto(results, 'the access log', () => api(`/api/access-log?${query}`));
    fill(
      results,
      h('p', { 'data-testid': 'access-log-count' }, `${int(entries.length)} reads, newest first.`),
      table(
        'Reads of confidential figures',
        ['When', 'Who', 'Role', 'Organisation', 'What', 'Route', 'Sites'],
        entries.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, dateTime(e.at)),
            h('th', { scope: 'row' }, e.user),
            h('td', {}, e.role),
            h('td', {}, e.org ?? '—'),
            h('td', {}, e.what),
            h('td', {}, h('code', {}, e.url)),
            h(
              'td',
              {},
              e.siteIds.length
                ? e.siteIds.map((id, i) => [i ? ', ' : '', h('a', { href: `#/sites/${id}` }, String(id))]).flat()
                : 'a total',
            ),
          ),
        ),
      ),
    );
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });
  fill(
    main,
    h('h1', {}, 'Access log'),
    h(
      'p',
      { class: 'lede' },
      'Every read of a valuation, of the ranked list with its values and of an export with values is on record here. Nobody can change or delete an entry.',
    ),
    form,
    results,
  );
  await show();
}
