import { api } from '../api.js';
import { h, fill, table } from '../dom.js';
import { loadInto } from '../feedback.js';
import { barChart, CLASS_COLOURS, rowChart, stackedRows } from '../charts.js';
import { stageBadge } from '../widgets.js';
import { date, decimal, int, percent, words } from '../format.js';
import { STALL_REASONS } from '../stages.js';

const CLASSES = ['rebuild', 'refurbish', 'maintain', 'not-surveyed'];

/** The pipeline at a glance: cases per stage, what is overdue, the forecast against the 5–10 year baseline, and the estate's condition. */
export async function render(main) {
  const [pipeline, forecast, portfolio, points] = await loadInto(main, 'the dashboard', () =>
    Promise.all([api('/api/pipeline'), api('/api/forecast'), api('/api/portfolio'), api('/api/map/sites')]),
  );
  fill(
    main,
    h('h1', {}, 'Pipeline dashboard'),
    h('p', { class: 'lede' }, `As of ${date(pipeline.asOf)}: ${int(pipeline.openCases)} open cases.`),
    h('div', { class: 'grid' }, stagesCard(pipeline), forecastCard(forecast)),
    overdueCard(pipeline),
    h('div', { class: 'grid' }, conditionCard(portfolio), surplusCard(points)),
  );
}

function stagesCard(pipeline) {
  const stages = pipeline.stages.filter((s) => s.stage !== 'completed' || s.cases > 0);
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Cases per stage'),
    rowChart({
      title: 'Cases per stage',
      description: stages.map((s) => `${words(s.stage)}: ${s.cases}`).join('; '),
      rows: stages.map((s) => ({ label: words(s.stage), value: s.cases })),
    }),
  );
}

function forecastCard(forecast) {
  const shares = forecast.surplusToSaleShareByYear ?? [];
  const years = Math.max(12, shares.length);
  const bars = Array.from({ length: years }, (_, i) => ({
    label: i === 0 ? '<1 yr' : `${i}–${i + 1} yrs`,
    value: Math.round((shares[i] ?? 0) * 1000) / 10,
    colour: i >= forecast.baselineYears.low && i < forecast.baselineYears.high ? '#24466e' : '#2a5d9f',
  }));
  const id = forecast.identificationToSaleYears;
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Forecast time to disposal'),
    shares.length === 0
      ? h('p', {}, 'No open cases to forecast.')
      : barChart({
          title: 'Share of forecast disposals by years from surplus declaration to sale',
          description: `Shaded band: the ${forecast.baselineYears.low}–${forecast.baselineYears.high} year baseline NHS England reports. ${bars
            .filter((b) => b.value > 0)
            .map((b) => `${b.label}: ${b.value}%`)
            .join('; ')}`,
          bars,
          valueLabel: (v) => `${decimal(v, 0)}%`,
          band: {
            from: forecast.baselineYears.low,
            to: forecast.baselineYears.high - 1,
            label: `${forecast.baselineYears.low}–${forecast.baselineYears.high} yr baseline`,
          },
        }),
    id
      ? h(
          'p',
          {},
          `Identification to sale: P10 ${decimal(id.p10, 1)}, P50 ${decimal(id.p50, 1)}, P90 ${decimal(id.p90, 1)} years. Expected within five years: ${percent(forecast.shareWithinFiveYears)}.`,
        )
      : null,
    h(
      'p',
      { class: 'provenance' },
      `Simulated with seed ${forecast.seed}, ${int(forecast.draws)} draws, on ${date(forecast.asOf)}; stage durations from the workflow assumptions, replaced by observed durations where cases have passed a stage.`,
    ),
  );
}

function overdueCard(pipeline) {
  const label = Object.fromEntries(STALL_REASONS);
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, `Overdue stages (${int(pipeline.overdue.length)})`),
    pipeline.overdue.length === 0
      ? h('p', {}, 'Nothing is overdue.')
      : table(
          null,
          ['Case', 'Stage', 'Deadline', 'Working days over', 'Why'],
          pipeline.overdue.map((o) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, h('a', { href: `#/cases/${o.caseId}` }, `Case ${o.caseId}`)),
              h('td', {}, stageBadge(o.stage)),
              h('td', {}, date(o.deadline)),
              h('td', { class: 'num' }, int(o.workingDaysOverdue)),
              h('td', {}, o.stallReason ? (label[o.stallReason.code] ?? o.stallReason.code) : 'Not explained'),
            ),
          ),
        ),
  );
}

function conditionCard(portfolio) {
  const rows = portfolio.byBorough.map((b) => ({
    label: b.boroughName ?? b.borough ?? 'Not placed',
    values: Object.fromEntries((b.byClass ?? []).map((c) => [c.conditionClass, c.sites])),
  }));
  const overall = portfolio.overall?.byClass ?? [];
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Condition classes by borough'),
    rows.length === 0
      ? h('p', {}, 'Nothing scored yet.')
      : stackedRows({
          title: 'Sites by condition class in each borough',
          description: rows
            .map((r) => `${r.label}: ${CLASSES.map((c) => `${words(c)} ${r.values[c] ?? 0}`).join(', ')}`)
            .join('; '),
          rows,
          keys: CLASSES,
          colours: CLASS_COLOURS,
          labels: words,
        }),
    h(
      'p',
      {},
      `London: ${overall.map((c) => `${words(c.conditionClass)} ${percent(c.siteShare)}`).join(', ') || '—'} of sites. Published reference: rebuild ${percent(portfolio.published.rebuild)}, refurbish ${percent(portfolio.published.refurbish)}.`,
    ),
    h(
      'p',
      { class: 'provenance' },
      `Score run ${portfolio.scoreRunId ?? '—'}, model ${portfolio.modelVersion ?? '—'}. Reference: ${portfolio.published.source}.`,
    ),
  );
}

function surplusCard(points) {
  const bins = Array.from({ length: 10 }, (_, i) => ({ label: `${i * 10}–${i * 10 + 10}`, value: 0 }));
  for (const f of points.features) {
    const s = f.properties.surplusScore;
    if (s !== null && s !== undefined) bins[Math.min(9, Math.floor(s / 10))].value += 1;
  }
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Surplus score distribution'),
    barChart({
      title: 'Sites by surplus score (0–100)',
      description: bins.map((b) => `${b.label}: ${b.value}`).join('; '),
      bars: bins,
      valueLabel: (v) => int(v),
    }),
  );
}
