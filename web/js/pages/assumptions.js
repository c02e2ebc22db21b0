// @ts-check
import { mayCall } from '../access.js';
import { api, ApiError } from '../api.js';
import { h, fill, field, table } from '../dom.js';
import { loadInto, running } from '../feedback.js';
import { date, words } from '../format.js';
import { go } from '../navigation.js';

/**
 * The valuation assumption set in force, figure by figure with its source (GET /api/assumptions),
 * and, for an administrator, a new set loaded from a JSON file (POST /api/assumptions, as
 * `estates assumptions load`): stored valuations are never rewritten; the estate is revalued.
 */
export async function render(main, { user }) {
  const set = await loadInto(main, 'the assumption set', () => api('/api/assumptions'));
  fill(
    main,
    h('h1', {}, 'Valuation assumptions'),
    h(
      'p',
      { class: 'lede', 'data-testid': 'assumption-set' },
      `Set ${set.id}, in force from ${date(set.effectiveFrom)}: ${set.figures.length} figures, each with its source.`,
    ),
    mayCall(user, 'POST /api/assumptions') ? loadForm() : null,
    h(
      'section',
      { class: 'card' },
      table(
        null,
        ['Figure', 'Value', 'Unit', 'Provenance', 'Source'],
        set.figures.map((f) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, f.key),
            h('td', {}, typeof f.value === 'object' ? 'a table of figures' : String(f.value)),
            h('td', {}, f.unit),
            h('td', {}, words(f.provenance)),
            h('td', {}, f.source),
          ),
        ),
      ),
    ),
  );
}

function loadForm() {
  const file = h('input', { type: 'file', name: 'file', required: true, accept: '.json,application/json' });
  const submit = h('button', { type: 'submit' }, 'Load the set');
  const errors = h('div', { class: 'form-errors' });
  const result = h('div', { 'aria-live': 'polite' });
  return h(
    'form',
    {
      class: 'card',
      'data-form': 'assumptions-load',
      onsubmit: async (e) => {
        e.preventDefault();
        const chosen = file.files[0];
        if (!chosen) return;
        const loaded = await running(submit, errors, 'Loading the assumption set', async () => {
          let body;
          try {
            body = JSON.parse(await chosen.text());
          } catch (err) {
            throw new ApiError(
              400,
              'bad_input',
              `${chosen.name} is not JSON: ${/** @type {Error} */ (err).message}`,
              'Check the file.',
            );
          }
          return api('/api/assumptions', { method: 'POST', body });
        });
        if (!loaded) return;
        fill(
          result,
          h(
            'p',
            { 'data-testid': 'assumptions-loaded' },
            loaded.added
              ? `Set ${loaded.id} added; the estate is being revalued under it. ${loaded.takenFromBase.length} figures were taken from the set in force.`
              : `Set ${loaded.id} already exists: nothing changed.`,
          ),
          h('button', { type: 'button', onclick: () => go('/assumptions') }, 'Show the set in force'),
        );
      },
    },
    h('h2', {}, 'Load a new set'),
    h(
      'p',
      { class: 'hint' },
      'A JSON file { id, effectiveFrom, figures: { key: { value, unit, source, provenance } } }; figures not given are taken from the set in force.',
    ),
    field('Assumption set (JSON)', file),
    errors,
    submit,
    result,
  );
}
