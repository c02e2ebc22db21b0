// @ts-check
import { api } from '../api.js';
import { h, fill, field, select, table } from '../dom.js';
import { running } from '../feedback.js';
import { decimal, int, money, percent, words } from '../format.js';
import { PATH_STAGES } from '../stages.js';

/**
 * What if a stage took less (or more) time: the ranked, valued estate run through the workflow
 * today and with one stage's time scaled (GET /api/simulation, as `estates simulate`), side by
 * side: median years to release, and receipts and homes per year. The same seed for both, so
 * the difference is the scaling, not the draw.
 */

const SEED = 1;

export function render(main) {
  const stage = select(
    'stage',
    PATH_STAGES.filter((s) => s !== 'completed').map((s) => [s, words(s)]),
    'planning',
  );
  const factor = h('input', { name: 'factor', value: '0.5', inputmode: 'decimal', required: true, maxlength: 6 });
  const years = h('input', { name: 'years', value: '10', inputmode: 'numeric', required: true, maxlength: 2 });
  const runs = h('input', { name: 'runs', value: '200', inputmode: 'numeric', required: true, maxlength: 4 });
  const submit = h('button', { type: 'submit' }, 'Compare with today');
  const errors = h('div', { class: 'form-errors' });
  const result = h('div', { 'aria-live': 'polite' });
  fill(
    main,
    h('h1', {}, 'What if'),
    h(
      'p',
      { class: 'lede' },
      'Run the ranked estate through the disposal workflow as it is, and with one stage taking a different share of its time: 0.5 halves it.',
    ),
    h(
      'form',
      {
        class: 'card filters',
        onsubmit: async (e) => {
          e.preventDefault();
          const query = { years: years.value.trim(), runs: runs.value.trim(), seed: SEED };
          const both = await running(submit, errors, 'Running the simulation', () =>
            Promise.all([
              api('/api/simulation', { query }),
              api('/api/simulation', { query: { ...query, scale: `${stage.value}=${factor.value.trim()}` } }),
            ]),
          );
          if (both)
            fill(result, comparison(both[0], both[1], `${words(stage.value)} × ${factor.value.trim()}`, query.runs));
        },
      },
      field('Stage', stage),
      field('Share of its time', factor, '0.5 halves it, 2 doubles it'),
      field('Years', years),
      field('Runs', runs, 'More runs, steadier figures, longer wait'),
      errors,
      submit,
    ),
    result,
  );
}

const yearsText = (y) => (y ? `${decimal(y.median, 1)} years` : '—');
const spread = (y) => (y ? `${decimal(y.p10, 1)}–${decimal(y.p90, 1)}` : '—');
const sum = (rows, key) => rows.reduce((s, r) => s + r[key], 0);

function comparison(today, whatIf, label, runCount) {
  const horizon = today.perYear.length;
  const row = (name, a, b) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, a), h('td', {}, b));
  return [
    h(
      'section',
      { class: 'card', 'data-testid': 'what-if-summary' },
      h('h2', {}, `Today beside ${label}`),
      h(
        'p',
        {},
        `${int(today.sites)} valued sites on the ranked list; ${runCount} runs of the whole estate each, the same draws for both.`,
      ),
      table(
        null,
        ['', 'Today', label],
        [
          row('Median years to release', yearsText(today.yearsToRelease), yearsText(whatIf.yearsToRelease)),
          row('P10–P90 years', spread(today.yearsToRelease), spread(whatIf.yearsToRelease)),
          row(
            `Released within ${horizon} years`,
            percent(today.releasedWithinHorizonShare),
            percent(whatIf.releasedWithinHorizonShare),
          ),
          row(
            `Receipts within ${horizon} years`,
            money(sum(today.perYear, 'receiptsPence')),
            money(sum(whatIf.perYear, 'receiptsPence')),
          ),
          row(`Homes within ${horizon} years`, int(sum(today.perYear, 'homes')), int(sum(whatIf.perYear, 'homes'))),
        ],
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Per year'),
      table(
        'Expected per year, over the runs',
        ['Year', 'Receipts today', `Receipts, ${label}`, 'Homes today', `Homes, ${label}`],
        today.perYear.map((y, i) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, String(y.year)),
            h('td', {}, money(y.receiptsPence)),
            h('td', {}, money(whatIf.perYear[i]?.receiptsPence)),
            h('td', {}, int(Math.round(y.homes))),
            h('td', {}, int(Math.round(whatIf.perYear[i]?.homes ?? 0))),
          ),
        ),
      ),
    ),
  ];
}
