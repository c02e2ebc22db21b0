// @ts-check
import { api } from '../api.js';
import { h, fill, table } from '../dom.js';
import { loadInto } from '../feedback.js';
import { exportButtons } from '../downloads.js';
import { stageBadge } from '../widgets.js';
import { date } from '../format.js';

export async function render(main, { user }) {
  const { cases } = await loadInto(main, 'the cases', () => api('/api/cases'));
  const today = new Date().toISOString().slice(0, 10);
  fill(
    main,
    h('h1', {}, 'Disposal cases'),
    exportButtons(user, '/api/pipeline', {}, 'the pipeline (every case, its stage and deadline)'),
    exportButtons(user, '/api/outcomes', {}, 'the outcomes (homes, receipts, reinvestment)'),
    cases.length === 0
      ? h('p', {}, 'No cases yet. Open one from a site’s page on the ranked list.')
      : table(
          `${cases.length} cases`,
          ['Case', 'Site', 'Stage', 'Opened', 'Stage deadline'],
          cases.map((c) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, h('a', { href: `#/cases/${c.caseId}` }, `Case ${c.caseId}`)),
              h('td', {}, h('a', { href: `#/sites/${c.siteId}` }, c.siteName ?? c.siteRef)),
              h('td', {}, stageBadge(c.stage)),
              h('td', {}, date(c.openedAt)),
              h(
                'td',
                { class: c.deadline && c.deadline < today ? 'overdue' : null },
                c.deadline ? `${date(c.deadline)}${c.deadline < today ? ' (overdue)' : ''}` : '—',
              ),
            ),
          ),
        ),
  );
}
