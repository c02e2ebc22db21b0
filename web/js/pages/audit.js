// @ts-check
import { api } from '../api.js';
import { h, fill, table } from '../dom.js';
import { running } from '../feedback.js';
import { int } from '../format.js';

/** The audit trail's check (GET /api/audit/verify, as `estates audit verify`): every case's hash chain against its recorded head. */
export function render(main) {
  const submit = h('button', { type: 'button' }, 'Verify every case');
  const errors = h('div', { class: 'form-errors' });
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'audit-result' });
  submit.addEventListener('click', async () => {
    const verdict = await running(submit, errors, 'Verifying the audit trail', () => api('/api/audit/verify'));
    if (!verdict) return;
    fill(
      result,
      h(
        'p',
        { class: verdict.ok ? 'ok' : 'error' },
        verdict.ok
          ? `All ${int(verdict.cases)} cases’ event chains are intact.`
          : `${int(verdict.broken.length)} of ${int(verdict.cases)} cases have a broken chain.`,
      ),
      verdict.broken.length
        ? table(
            'Broken chains',
            ['Case', 'Events', 'Broken at event', 'Why'],
            verdict.broken.map((b) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, h('a', { href: `#/cases/${b.caseId}` }, `Case ${b.caseId}`)),
                h('td', {}, int(b.events)),
                h('td', {}, int(b.brokenAt)),
                h('td', {}, b.reason),
              ),
            ),
          )
        : null,
    );
  });
  fill(
    main,
    h('h1', {}, 'Audit trail'),
    h(
      'p',
      { class: 'lede' },
      'Every change to a case is an event chained to the one before by its hash. Verifying recomputes every chain and compares it with the head each case recorded.',
    ),
    h('section', { class: 'card' }, errors, submit, result),
  );
}
