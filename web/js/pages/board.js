// @ts-check
import { api } from '../api.js';
import { h, fill, field, table } from '../dom.js';
import { announce, loadInto } from '../feedback.js';
import { date, isoDay, money, words } from '../format.js';
import { MEETING_ID_PATTERN } from '../stages.js';
import { stageBadge } from '../widgets.js';
import { packButtons } from '../pack/buttons.js';
import { stepForm } from './step-form.js';

/**
 * The Board's meeting: its agenda for a date (cases awaiting a decision, new candidates from the
 * ranked list, overdue stages), and a decision form per case awaiting one, with the meeting named
 * once for all of them. Each form is the case page's own (step-form.js), judged by the API.
 */

const todayLondon = () => new Date().toLocaleDateString('en-GB', { timeZone: 'Europe/London' });

export async function render(main, { user }) {
  const day = h('input', { name: 'meetingDate', required: true, value: todayLondon(), inputmode: 'numeric' });
  const meeting = h('input', { name: 'meeting', maxlength: 64, pattern: MEETING_ID_PATTERN });
  const agendaSlot = h('div', { class: 'agenda' });
  // One meeting id for the whole agenda: typed once, carried into every decision form.
  meeting.addEventListener('input', () => {
    for (const el of agendaSlot.querySelectorAll('input[name="meetingId"]')) el.value = meeting.value;
  });
  const show = () => drawAgenda(agendaSlot, isoDay(day.value), meeting, user);
  fill(
    main,
    h('h1', {}, 'Board agenda'),
    h(
      'form',
      {
        class: 'card filters',
        onsubmit: (e) => {
          e.preventDefault();
          void show().catch(() => undefined);
        },
      },
      field('Meeting date (dd/mm/yyyy)', day),
      field('Meeting (e.g. LEB-2025-03)', meeting, 'Minuted on every decision taken from this page'),
      h('button', { type: 'submit' }, 'Show the agenda'),
    ),
    agendaSlot,
  );
  await show();
}

async function drawAgenda(slot, meetingDate, meeting, user) {
  const agenda = await loadInto(slot, 'the agenda', () =>
    api('/api/board/agenda', { query: { date: meetingDate, top: 10 } }),
  );
  const cases = await loadInto(slot, 'the cases awaiting a decision', () =>
    Promise.all(agenda.awaitingDecision.map((c) => api(`/api/cases/${c.caseId}`))),
  );
  const redraw = () => {
    announce('Decision recorded.');
    return drawAgenda(slot, meetingDate, meeting, user).catch(() => undefined);
  };
  fill(
    slot,
    h('p', { class: 'lede' }, `Agenda for ${date(agenda.meetingDate)}.`),
    packButtons(user, agenda.meetingDate),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, `Awaiting a decision (${cases.length})`),
      cases.length === 0 ? h('p', {}, 'No case is waiting for the Board.') : null,
      cases.map((page, i) =>
        h(
          'article',
          { class: 'agenda-case', 'data-case-id': page.caseId },
          h(
            'h3',
            {},
            h('a', { href: `#/cases/${page.caseId}` }, `Case ${page.caseId}: ${page.siteName ?? page.siteRef}`),
          ),
          h(
            'p',
            { class: 'sub' },
            `In board review since ${date(agenda.awaitingDecision[i].since)}`,
            page.forecast ? ` · forecast completion ${date(page.forecast.p50)} (P50)` : '',
          ),
          (page.nextSteps ?? []).map((step) =>
            stepForm(page, step, user, { meetingId: meeting.value, onDone: redraw }),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'New candidates from the ranked list'),
      agenda.newCandidates.length === 0
        ? h('p', {}, 'Every ranked site near the top is already in a case.')
        : table(
            null,
            ['Rank', 'Site', 'Borough', 'Market value', 'Top reasons'],
            agenda.newCandidates.map((s) =>
              h(
                'tr',
                {},
                h('td', {}, String(s.rank)),
                h('th', { scope: 'row' }, h('a', { href: `#/sites/${s.siteId}` }, s.name ?? s.sourceRef)),
                h('td', {}, s.boroughName ?? s.borough ?? '—'),
                h('td', {}, money(s.marketValuePence)),
                h('td', {}, (s.reasons ?? []).join('; ')),
              ),
            ),
          ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, `Overdue stages (${agenda.overdue.length})`),
      agenda.overdue.length === 0
        ? h('p', {}, 'Nothing is overdue.')
        : table(
            null,
            ['Case', 'Stage', 'Deadline', 'Working days over', 'Why'],
            agenda.overdue.map((o) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, h('a', { href: `#/cases/${o.caseId}` }, `Case ${o.caseId}`)),
                h('td', {}, stageBadge(o.stage)),
                h('td', {}, date(o.deadline)),
                h('td', {}, String(o.workingDaysOverdue)),
                h('td', {}, o.stallReason ? words(o.stallReason.code) : 'Not explained'),
              ),
            ),
          ),
    ),
  );
}
