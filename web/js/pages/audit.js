// @ts-check
import { mayCall } from '../access.js';
import { api } from '../api.js';
import { h, fill, table } from '../dom.js';
import { running } from '../feedback.js';
import { date, int, words } from '../format.js';

/** The audit trail's check (GET /api/audit/verify, as `estates audit verify`): every case's hash chain against its recorded head. */
export function render(main, { user }) {
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
    mayCall(user, 'POST /api/deadlines') ? deadlineSection() : null,
  );
}

/** The daily deadline check, run now (POST /api/deadlines, as `estates deadlines`): each breach is escalated once. */
function deadlineSection() {
  const submit = h('button', { type: 'button' }, 'Raise escalations now');
  const errors = h('div', { class: 'form-errors' });
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'deadline-result' });
  submit.addEventListener('click', async () => {
    const check = await running(submit, errors, 'Checking deadlines', () => api('/api/deadlines', { method: 'POST' }));
    if (!check) return;
    fill(
      result,
      h(
        'p',
        {},
        `${int(check.overdue)} stages overdue on ${date(check.day)}; ${int(check.raised.length)} newly escalated.`,
      ),
      check.raised.length
        ? table(
            'Newly escalated',
            ['Case', 'Stage', 'Deadline', 'Working days over'],
            check.raised.map((e) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, h('a', { href: `#/cases/${e.caseId}` }, `Case ${e.caseId}`)),
                h('td', {}, words(e.stage)),
                h('td', {}, date(e.deadline)),
                h('td', {}, int(e.workingDaysOverdue)),
              ),
            ),
          )
        : null,
    );
  });
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Deadlines'),
    h(
      'p',
      {},
      'The workers check stage deadlines every day at 06:00; this runs the same check now. A breach already escalated is not raised again.',
    ),
    errors,
    submit,
    result,
  );
}
