import { mayCall } from '../access.js';
import { api } from '../api.js';
import { go } from '../app.js';
import { h, fill, facts, field, select } from '../dom.js';
import { loadInto, running } from '../feedback.js';
import { stageBadge } from '../widgets.js';
import { date, dateTime, int, percent, words } from '../format.js';
import { BOARD_DECISIONS, FACT_GUARDS, MEETING_ID_PATTERN, PATH_STAGES, STALL_REASONS } from '../stages.js';

/** A case: where it is on the path, its deadline and forecast, its timeline, and the moves the user's role may make. */
export async function render(main, { params, user }) {
  const caseId = Number(params[0]);
  const page = await loadInto(main, 'the case', () => api(`/api/cases/${caseId}`));
  const title = `Case ${page.caseId}: ${page.siteName ?? page.siteRef}`;
  document.title = `${title} · London Estates`;
  fill(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/cases' }, 'Cases'), ' › ', `Case ${page.caseId}`),
    h('h1', {}, title),
    h('section', { class: 'card' }, h('h2', {}, 'Where it stands'), stagePath(page.stage), summary(page)),
    page.nextSteps
      ? nextStepsSection(page, user)
      : h('section', { class: 'card' }, h('p', {}, 'Your role sees the case’s stage only.')),
    page.timeline ? timelineSection(page.timeline) : null,
  );
}

function stagePath(stage) {
  const at = PATH_STAGES.indexOf(stage);
  return h(
    'ol',
    { class: 'stage-path', 'aria-label': 'Disposal stages' },
    PATH_STAGES.map((s, i) =>
      h(
        'li',
        { class: i < at ? 'done' : i === at ? 'current' : 'todo', 'aria-current': i === at ? 'step' : null },
        words(s),
      ),
    ),
  );
}

function summary(page) {
  return facts([
    ['Stage', h('span', { 'data-testid': 'case-stage' }, stageBadge(page.stage))],
    ['Site', h('a', { href: `#/sites/${page.siteId}` }, `${page.siteName ?? ''} (${page.siteRef})`)],
    ['Opened', date(page.openedAt)],
    page.closedAt ? ['Closed', date(page.closedAt)] : null,
    'deadline' in page
      ? ['Stage deadline', page.deadline ? `${date(page.deadline)} (working days in England)` : 'None']
      : null,
    page.forecast
      ? ['Forecast completion', forecastText(page.forecast)]
      : 'forecast' in page
        ? ['Forecast completion', 'Closed: no forecast']
        : null,
    'version' in page ? ['Version', String(page.version)] : null,
  ]);
}

function forecastText(f) {
  const chances = `chance it completes ${percent(f.completionProbability)}; within five years of identification ${percent(f.withinFiveYears)}, within ten ${percent(f.withinTenYears)}`;
  if (f.p50 === null) return `Not expected to complete (${chances})`;
  return `If it completes: ${date(f.p50)} (P50, ${int(f.p50WorkingDays)} working days), by ${date(f.p90)} (P90); ${chances}`;
}

function nextStepsSection(page, user) {
  if (page.nextSteps.length === 0) {
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Next steps'),
      h('p', {}, `Nothing the ${user.role} role can do from ${words(page.stage)}.`),
    );
  }
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Next steps'),
    h('p', {}, `Moves the ${user.role} role may make from ${words(page.stage)}.`),
    page.nextSteps.map((step) => stepForm(page, step, user)),
  );
}

function stepForm(page, step, user) {
  const decision =
    page.stage === 'board_review' && mayCall(user, 'POST /api/board/decisions') ? BOARD_DECISIONS[step.to] : undefined;
  const controls = [];
  const extra = {};
  const reason = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 2000 });
  controls.push(field('Reason (goes on the record)', reason));
  const input = (name, label, attrs = {}) => {
    const el = h('input', { name, required: true, ...attrs });
    controls.push(field(label, el));
    extra[name] = el;
  };
  const needs = [];
  for (const guard of step.guards) {
    if (guard === 'board_meeting')
      input('meetingId', 'Board meeting (e.g. LEB-2025-03)', { pattern: MEETING_ID_PATTERN, maxlength: 64 });
    else if (guard === 'epims_reference') input('epimsReference', 'ePIMS reference', { maxlength: 100 });
    else if (guard === 'first_refusal_waiver')
      input('firstRefusalWaiver', 'Why first refusal is waived', { maxlength: 2000 });
    else if (guard === 'defer_until')
      input('deferUntil', 'Deferred until (dd/mm/yyyy)', {
        pattern: '\\d{1,2}/\\d{1,2}/\\d{4}',
        inputmode: 'numeric',
        placeholder: 'dd/mm/yyyy',
      });
    else if (guard === 'stall_reason') {
      const code = select('stallCode', STALL_REASONS);
      const text = h('input', { name: 'stallText', maxlength: 2000 });
      controls.push(field('Why it is stalled', code), field('Detail (needed for “Other”)', text));
      extra.stallReason = { code, text };
    } else if (FACT_GUARDS[guard]) needs.push(FACT_GUARDS[guard]);
  }
  const submit = h(
    'button',
    { type: 'submit' },
    decision ? `Board decision: ${decision}` : `Move to ${words(step.to)}`,
  );
  const errors = h('div');
  return h(
    'form',
    {
      class: 'step',
      'data-step': step.to,
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { reason: reason.value.trim() };
        for (const [key, el] of Object.entries(extra)) {
          if (key === 'stallReason')
            body.stallReason = { code: el.code.value, ...(el.text.value.trim() ? { text: el.text.value.trim() } : {}) };
          else if (el.value.trim()) body[key] = key === 'deferUntil' ? isoDay(el.value) : el.value.trim();
        }
        const moved = await running(
          submit,
          errors,
          decision ? 'Recording the Board decision' : `Moving to ${words(step.to)}`,
          () =>
            decision
              ? api('/api/board/decisions', {
                  method: 'POST',
                  body: { caseId: page.caseId, decision, version: page.version, ...body },
                })
              : api(`/api/cases/${page.caseId}/transitions`, {
                  method: 'POST',
                  body: { to: step.to, version: page.version, ...body },
                }),
        );
        if (moved) go(`/cases/${page.caseId}`);
      },
    },
    h('h3', {}, decision ? `${words(step.to)} (Board decision)` : words(step.to)),
    needs.length
      ? h(
          'p',
          { class: 'hint' },
          `Needs on record first: ${needs.join('; ')}. An officer records these with \`npx estates cases fact ${page.caseId} '{…}'\`.`,
        )
      : null,
    controls,
    errors,
    submit,
  );
}

/** A move reads "from → to"; anything else (a fact recorded, an interest) by its kind and what it names. */
function eventTitle(e) {
  if (e.toStage && e.fromStage !== e.toStage) return `${words(e.fromStage ?? 'opened')} → ${words(e.toStage)}`;
  const fact = e.payload?.fact?.fact ?? e.payload?.fact;
  return typeof fact === 'string' ? `${words(e.kind)}: ${words(fact)}` : words(e.kind);
}

/** dd/mm/yyyy as typed in the UK → yyyy-mm-dd for the API; anything else is sent as typed for the API to refuse. */
function isoDay(text) {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text.trim();
}

function timelineSection(timeline) {
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Timeline'),
    h(
      'ol',
      { class: 'timeline' },
      [...timeline]
        .reverse()
        .map((e) =>
          h(
            'li',
            {},
            h('p', {}, h('strong', {}, eventTitle(e)), ` · ${dateTime(e.occurredAt)} · ${e.actor} (${e.role})`),
            h('p', {}, e.reason),
            e.payload?.meetingId ? h('p', { class: 'sub' }, `Meeting ${e.payload.meetingId}`) : null,
          ),
        ),
    ),
  );
}
