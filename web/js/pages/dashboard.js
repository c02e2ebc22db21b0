// @ts-check
import { api } from '../api.js';
import { h, fill, table } from '../dom.js';
import { loadInto } from '../feedback.js';
import { barChart, CLASS_COLOURS, rowChart, stackedRows } from '../charts.js';
import { provenance, stageBadge } from '../widgets.js';
import { date, decimal, int, money, percent, words } from '../format.js';
import { STALL_REASONS } from '../stages.js';
import { exportButtons } from '../downloads.js';

const CLASSES = ['rebuild', 'refurbish', 'maintain', 'not-surveyed'];

/** How far back the dashboard's backtest looks: far enough for some P50 dates to have passed. */
const BACKTEST_YEARS = 5;

/** The pipeline at a glance: cases per stage, what is overdue, the forecast against the 5–10 year baseline and how it fared, and the estate's condition. */
export async function render(main, { user }) {
  const [pipeline, forecast, backtest, portfolio, points, outcomes] = await loadInto(main, 'the dashboard', () =>
    Promise.all([
      api('/api/pipeline'),
      api('/api/forecast'),
      api(`/api/forecast/backtest?asOf=${yearsAgo(BACKTEST_YEARS)}`),
      api('/api/portfolio'),
      api('/api/map/sites'),
      api('/api/outcomes'),
    ]),
  );
  fill(
    main,
    h('h1', {}, 'Pipeline dashboard'),
    h('p', { class: 'lede' }, `As of ${date(pipeline.asOf)}: ${int(pipeline.openCases)} open cases.`),
    exportButtons(user, '/api/pipeline', {}, 'the pipeline'),
    exportButtons(user, '/api/outcomes', {}, 'the outcomes'),
    h('div', { class: 'grid' }, stagesCard(pipeline), forecastCard(forecast)),
    stageRisksCard(forecast),
    calibrationCard(backtest),
    overdueCard(pipeline),
    outcomesCard(outcomes),
    h('div', { class: 'grid' }, conditionCard(portfolio), surplusCard(points)),
  );
}

/** What completed disposals delivered: homes completed against the capacity valued, receipts against valuation. */
function outcomesCard(outcomes) {
  const t = outcomes.totals;
  return h(
    'section',
    { class: 'card', 'data-testid': 'outcomes-card' },
    h('h2', {}, 'What completed disposals delivered'),
    outcomes.cases.length === 0
      ? h('p', {}, 'No case has completed yet.')
      : [
          rowChart({
            title: 'Homes completed against capacity',
            description: `Homes completed ${t.homesCompleted} of a capacity of ${t.capacityHomes}`,
            rows: [
              { label: 'Capacity', value: t.capacityHomes },
              { label: 'Completed', value: t.homesCompleted },
            ],
          }),
          h(
            'p',
            { 'data-testid': 'homes-against-capacity' },
            `Homes completed: ${int(t.homesCompleted)} of ${int(t.capacityHomes)} capacity (${percent(t.homesCompletedShareOfCapacity)}); ${int(t.homesStarted)} started, ${int(t.homesPermitted)} permitted.`,
          ),
          h(
            'p',
            { 'data-testid': 'receipts-against-valuation' },
            `Receipts: ${money(t.receiptPence)} against valuations of ${money(t.valuationPence)} (${percent(t.receiptToValuation)}); ${percent(t.atOrAboveValuationShare)} of sales at or above valuation.`,
          ),
          outcomes.awaitingReceipt.length
            ? h('p', {}, `Completed, receipt not yet recorded: ${outcomes.awaitingReceipt.length} cases.`)
            : null,
        ],
    provenance('From the outcomes recorded on completed cases (GET /api/outcomes)'),
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

/** yyyy-mm-dd, the given number of years before today (London). */
function yearsAgo(years) {
  const today = new Date(new Date().toLocaleString('en-US', { timeZone: 'Europe/London' }));
  today.setFullYear(today.getFullYear() - years);
  const pad = (n) => String(n).padStart(2, '0');
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}

const figureOf = (forecast, key) => forecast.sources.find((s) => s.key === key);
const spread = (interval) => (interval ? `${percent(interval.low)}–${percent(interval.high)}` : '—');

export function forecastCard(forecast) {
  const shares = forecast.identificationToSaleShareByYear ?? [];
  const years = Math.max(13, shares.length);
  const { low, high } = forecast.baselineYears;
  const bars = Array.from({ length: years }, (_, i) => ({
    label: i === 0 ? '<1 yr' : `${i}–${i + 1} yrs`,
    value: Math.round((shares[i] ?? 0) * 1000) / 10,
    colour: i >= low && i < high ? '#24466e' : '#2a5d9f',
  }));
  const id = forecast.identificationToSaleYears;
  const surplus = forecast.surplusToSaleYears;
  const outcomes = forecast.outcomeShares;
  const treasury = figureOf(forecast, 'yardstick.treasury_sale_years');
  const nao = figureOf(forecast, 'yardstick.nao_sale_months');
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Forecast time to disposal'),
    forecast.cases.length === 0
      ? h('p', {}, 'No open cases to forecast.')
      : barChart({
          title: 'Chance of completing, by years from identification to sale',
          description: `Shaded band: the ${low}–${high} year baseline NHS England reports. ${bars
            .filter((b) => b.value > 0)
            .map((b) => `${b.label}: ${b.value}%`)
            .join('; ')}; not completing: ${percent(outcomes ? 1 - outcomes.completed : null)}`,
          bars,
          valueLabel: (v) => `${decimal(v, 0)}%`,
          band: { from: low, to: high - 1, label: `${low}–${high} yr baseline` },
        }),
    id
      ? h(
          'p',
          { 'data-testid': 'forecast-spread' },
          `Identification to sale, when it completes: P10 ${decimal(id.p10, 1)}, P50 ${decimal(id.p50, 1)}, P90 ${decimal(id.p90, 1)} years. ` +
            `Within five years of identification: ${percent(forecast.shareWithinFiveYears)} (90% of draws ${spread(forecast.shareWithinFiveYearsInterval)}); ` +
            `within ten: ${percent(forecast.shareWithinTenYears)} (${spread(forecast.shareWithinTenYearsInterval)}).`,
        )
      : null,
    outcomes
      ? h(
          'p',
          {},
          `Of the open cases, ${percent(outcomes.completed)} are expected to complete, ${percent(outcomes.withdrawn)} to be withdrawn and ${percent(outcomes.retained)} retained.`,
        )
      : null,
    surplus && treasury && nao
      ? h(
          'p',
          {},
          `Declared surplus to sale, when it completes: P50 ${decimal(surplus.p50, 1)}, P90 ${decimal(surplus.p90, 1)} years. ` +
            `Yardsticks: Treasury guidance, sale within ${treasury.value} years of being identified as surplus; ` +
            `NAO (2002), sales took ${nao.value.low} months to ${nao.value.high / 12} years.`,
        )
      : null,
    provenance(
      `Simulated with seed ${forecast.seed}, ${int(forecast.draws)} draws, on ${date(forecast.asOf)}`,
      `assumption set ${forecast.assumptionSet.id} (from ${date(forecast.assumptionSet.effectiveFrom)}), ${forecast.assumptionSet.modelVersion}`,
      'each stage’s defaults blended with the cases seen in it, those still in it counted as still running',
    ),
    sourcesList(forecast.sources),
  );
}

const PROVENANCE = { sourced: 'sourced', 'sourced-secondary': 'sourced (2nd)', assumption: 'assumption' };

function figureValue(value) {
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value)
    .map(([k, v]) => `${words(k)} ${v}`)
    .join(', ');
}

function sourcesList(sources) {
  return h(
    'details',
    {},
    h('summary', {}, `Where the figures come from (${sources.length})`),
    table(
      null,
      ['Figure', 'Value', 'Flag', 'Source'],
      sources.map((s) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, s.key),
          h('td', {}, `${figureValue(s.value)} (${s.unit})`),
          h('td', {}, h('span', { class: `badge ${s.provenance}` }, PROVENANCE[s.provenance] ?? s.provenance)),
          h('td', {}, s.source),
        ),
      ),
    ),
  );
}

function stageRisksCard(forecast) {
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Each stage as the forecast sees it'),
    table(
      null,
      [
        'Stage',
        'Cases seen (still in it)',
        'Weight of history',
        'P50 / P90 working days',
        'Deferred',
        'Withdrawn',
        'Retained',
      ],
      forecast.stages.map((s) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, words(s.stage)),
          h('td', { class: 'num' }, `${int(s.observations)} (${int(s.censored)})`),
          h('td', { class: 'num' }, percent(s.observedWeight)),
          h('td', { class: 'num' }, `${int(s.p50WorkingDays)} / ${int(s.p90WorkingDays)}`),
          h('td', { class: 'num' }, percent(s.deferral)),
          h('td', { class: 'num' }, percent(s.withdrawal)),
          h('td', { class: 'num' }, percent(s.retention)),
        ),
      ),
    ),
    provenance(
      `Defaults weigh as ${figureOf(forecast, 'history.prior_weight')?.value ?? '—'} cases seen in a stage`,
      'planning includes the chance of a refusal and an appeal',
    ),
  );
}

function calibrationCard(backtest) {
  const { p50, p90, completedByScoredOn } = backtest.calibration;
  const line = (name, q) =>
    q.scored === 0
      ? `${name}: no case’s ${name} date has passed yet.`
      : `${name}: ${int(q.finished)} of ${int(q.scored)} cases finished by their ${name} date (${percent(q.share)}; the forecast expected ${percent(q.expectedShare)}).`;
  return h(
    'section',
    { class: 'card', 'data-testid': 'calibration' },
    h('h2', {}, 'How the forecast fared'),
    backtest.casesForecast === 0
      ? h('p', {}, `No history to score yet: no case was open on ${date(backtest.asOf)}.`)
      : [
          h(
            'p',
            {},
            `Forecast made again from the record on ${date(backtest.asOf)} (${int(backtest.casesKnown)} cases, ${int(backtest.casesForecast)} open), scored on ${date(backtest.scoredOn)}.`,
          ),
          h('ul', {}, h('li', {}, line('P50', p50)), h('li', {}, line('P90', p90))),
          h(
            'p',
            {},
            `Completed since: ${int(completedByScoredOn.observed)}; the forecast expected ${decimal(completedByScoredOn.expected, 1)}.`,
          ),
        ],
    provenance(
      'P50 and P90 are dates among the draws that complete, so fewer than half and nine in ten are expected to finish by them when cases can be withdrawn or retained',
      'only dates that have passed are scored',
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

export function conditionCard(portfolio) {
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
