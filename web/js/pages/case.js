// @ts-check
import { mayCall } from '../access.js';
import { api } from '../api.js';
import { h, fill, facts } from '../dom.js';
import { loadInto } from '../feedback.js';
import { stageBadge } from '../widgets.js';
import { date, dateTime, int, percent, words } from '../format.js';
import { PATH_STAGES } from '../stages.js';
import { recordSections } from './case-records.js';
import { stepForm } from './step-form.js';

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
    recordSections(page, user),
    page.timeline ? timelineSection(page, user) : null,
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

/** A move reads "from → to"; anything else (a fact recorded, an interest) by its kind and what it names. */
function eventTitle(e) {
  if (e.toStage && e.fromStage !== e.toStage) return `${words(e.fromStage ?? 'opened')} → ${words(e.toStage)}`;
  const fact = e.payload?.fact?.fact ?? e.payload?.fact;
  return typeof fact === 'string' ? `${words(e.kind)}: ${words(fact)}` : words(e.kind);
}

/** The document a fact rests on, with a link to its file for a role that may fetch it. */
function documentLine(page, document, user) {
  const file = document.file;
  const route = 'GET /api/cases/:id/documents/:sha256';
  return h(
    'p',
    { class: 'sub' },
    `Document: ${document.reference}`,
    file && mayCall(user, route)
      ? [
          ' · ',
          h(
            'a',
            { href: `/api/cases/${page.caseId}/documents/${file.sha256}`, download: file.filename },
            `${file.filename} (${int(Math.ceil(file.sizeBytes / 1024))} kB)`,
          ),
        ]
      : null,
  );
}

function timelineSection(page, user) {
  const { timeline } = page;
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
            e.payload?.document ? documentLine(page, e.payload.document, user) : null,
          ),
        ),
    ),
  );
}
