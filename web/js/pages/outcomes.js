// @ts-check
import { mayCall } from '../access.js';
import { api, uploadFile } from '../api.js';
import { h, fill, field, table } from '../dom.js';
import { loadInto, running } from '../feedback.js';
import { int, money, percent } from '../format.js';
import { exportButtons } from '../downloads.js';
import { go } from '../navigation.js';

/**
 * What completed disposals delivered (GET /api/outcomes): receipts against valuation, homes
 * against capacity, reinvestment; and the outcomes CSV loaded as `estates outcomes load` does
 * (POST /api/outcomes/uploads), with every row it could not use.
 */
export async function render(main, { user }) {
  const report = await loadInto(main, 'the outcomes', () => api('/api/outcomes'));
  const t = report.totals;
  fill(
    main,
    h('h1', {}, 'Outcomes after sale'),
    h(
      'p',
      { class: 'lede', 'data-testid': 'outcome-totals' },
      `Homes completed ${int(t.homesCompleted)} of ${int(t.capacityHomes)} capacity (${percent(t.homesCompletedShareOfCapacity)}); receipts ${money(t.receiptPence)} against valuations of ${money(t.valuationPence)} (${percent(t.receiptToValuation)}).`,
    ),
    exportButtons(user, '/api/outcomes', {}, 'the outcomes'),
    mayCall(user, 'POST /api/outcomes/uploads') ? uploadForm() : null,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, `Completed cases (${report.cases.length})`),
      report.cases.length === 0
        ? h('p', {}, 'No case has completed yet.')
        : table(
            null,
            ['Case', 'Valuation', 'Receipt', 'Receipt ÷ valuation', 'Capacity', 'Homes completed', 'Of capacity'],
            report.cases.map((c) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, h('a', { href: `#/cases/${c.caseId}` }, `Case ${c.caseId}`)),
                h('td', {}, money(c.valuationPence)),
                h('td', {}, money(c.receiptPence)),
                h('td', {}, percent(c.receiptToValuation)),
                h('td', {}, int(c.capacityHomes)),
                h('td', {}, int(c.homesCompleted)),
                h('td', {}, percent(c.homesCompletedShareOfCapacity)),
              ),
            ),
          ),
      report.awaitingReceipt.length
        ? h('p', {}, `Awaiting a receipt: cases ${report.awaitingReceipt.join(', ')}.`)
        : null,
    ),
  );
}

function uploadForm() {
  const file = h('input', { type: 'file', name: 'file', required: true, accept: '.csv' });
  const submit = h('button', { type: 'submit' }, 'Load the outcomes');
  const errors = h('div', { class: 'form-errors' });
  const result = h('div', { 'aria-live': 'polite' });
  return h(
    'form',
    {
      class: 'card',
      'data-form': 'outcomes-upload',
      onsubmit: async (e) => {
        e.preventDefault();
        const chosen = file.files[0];
        if (!chosen) return;
        const body = new FormData();
        body.append('file', chosen, chosen.name);
        const loaded = await running(submit, errors, 'Loading the outcomes', () =>
          uploadFile(body, () => undefined, '/api/outcomes/uploads'),
        );
        if (!loaded) return;
        fill(
          result,
          h(
            'p',
            { 'data-testid': 'outcomes-loaded' },
            `${int(loaded.rows)} rows: ${int(loaded.events)} events on ${int(loaded.casesChanged)} cases, ${int(loaded.unchanged)} unchanged, ${int(loaded.problems.length)} not used.`,
          ),
          loaded.problems.length
            ? table(
                'Rows not used',
                ['Row', 'Site', 'Why'],
                loaded.problems.map((p) =>
                  h('tr', {}, h('td', {}, String(p.row)), h('td', {}, p.siteRef), h('td', {}, p.message)),
                ),
              )
            : null,
          h('button', { type: 'button', onclick: () => go('/outcomes') }, 'Show the updated outcomes'),
        );
      },
    },
    h('h2', {}, 'Load outcomes from a CSV'),
    h(
      'p',
      { class: 'hint' },
      'Columns: site_ref, homes_permitted, homes_started, homes_completed, receipt_pence, reinvested_primary_care_pence, reinvested_community_care_pence, reinvested_other_pence (totals as they stand; blank = not stated). Only what differs from the record is added, so loading the same file again adds nothing.',
    ),
    field('Outcomes CSV', file),
    errors,
    submit,
    result,
  );
}
