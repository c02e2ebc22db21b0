// @ts-check
import { h, table } from '../dom.js';
import { date, dateTime, decimal, int, money, percent, score } from '../format.js';
import { conditionCard, forecastCard } from '../pages/dashboard.js';
import { classBadge, provenance, stageBadge } from '../widgets.js';

/**
 * The Board pack as HTML, from GET /api/board/pack: the page the UI shows (pages/board-pack.js) and the
 * one headless Chromium prints to A4 (pack/print.js, src/export/board-pack-pdf.ts), so what the Board reads
 * on paper is what it saw on screen. Each part is a `section.pack-page`, which starts a new printed page.
 * The forecast and condition cards are the dashboard's own.
 */
export function drawPack(pack) {
  return [
    cover(pack),
    agenda(pack),
    candidates(pack),
    awaiting(pack),
    overdue(pack),
    page('pack-forecast', '4. Forecast against the 5–10 year baseline', forecastCard(pack.forecast)),
    page('pack-condition', '5. Portfolio condition against 13% / 51%', conditionCard(pack.portfolio)),
    outcomes(pack),
  ];
}

const page = (id, title, ...children) =>
  h(
    'section',
    { class: 'pack-page', 'data-testid': id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    ...children,
  );

const count = (n, noun) => `${int(n)} ${noun}${n === 1 ? '' : 's'}`;
const caseName = (c) => `Case ${c.caseId}: ${c.siteName ?? c.siteRef ?? `site ${c.siteId}`}`;
const range = (r) => (r ? `${money(r.lowPence)} – ${money(r.highPence)}` : '—');

const SECTIONS = (pack) => [
  ['New candidates for disposal', pack.newCandidates.length],
  ['Cases awaiting a Board decision', pack.awaitingDecision.length],
  ['Overdue stages, why, and days lost', pack.overdue.length],
  ['Forecast against the 5–10 year baseline', null],
  ['Portfolio condition against 13% / 51%', null],
  ['Outcomes to date', pack.outcomes.cases.length],
];

function cover(pack) {
  return h(
    'section',
    { class: 'pack-page pack-cover', 'data-testid': 'pack-cover' },
    h('p', { class: 'pack-kicker' }, 'London Estates Board'),
    h('h1', {}, `Board pack for the meeting of ${date(pack.meetingDate)}`),
    h(
      'p',
      { class: 'lede' },
      `${count(pack.newCandidates.length, 'new candidate')}, ${count(pack.awaitingDecision.length, 'case')} awaiting a decision, ${count(pack.overdue.length, 'overdue stage')}.`,
    ),
    provenance(
      `Prepared ${dateTime(pack.preparedAt)}`,
      `valuations under assumption set ${pack.assumptionSet.id} (from ${date(pack.assumptionSet.effectiveFrom)})`,
      'commercially confidential: valuations are not for circulation beyond the Board',
    ),
  );
}

function agenda(pack) {
  return page(
    'pack-agenda',
    'Agenda',
    h(
      'ol',
      { class: 'pack-agenda' },
      SECTIONS(pack).map(([title, count]) => h('li', {}, count === null ? title : `${title} (${int(count)})`)),
    ),
  );
}

function candidates(pack) {
  return page(
    'pack-candidates',
    '1. New candidates for disposal',
    pack.newCandidates.length === 0
      ? h('p', {}, 'No ranked site without a case.')
      : table(
          null,
          [
            'Rank',
            'Site',
            'Borough',
            'Condition',
            'Surplus',
            'Homes',
            'Market value',
            'Range (±10% sales, build)',
            'Why',
          ],
          pack.newCandidates.map((s) =>
            h(
              'tr',
              {},
              h('td', { class: 'num' }, int(s.rank)),
              h('th', { scope: 'row' }, s.name ?? s.sourceRef, h('span', { class: 'sub' }, s.sourceRef)),
              h('td', {}, s.boroughName ?? s.boroughGss ?? '—'),
              h('td', {}, classBadge(s.conditionClass)),
              h('td', { class: 'num' }, score(s.surplusScore)),
              h('td', { class: 'num' }, int(s.homes)),
              h('td', { class: 'num' }, money(s.marketValuePence)),
              h('td', { class: 'num' }, range(s.valuationRange)),
              h(
                'td',
                {},
                h(
                  'ul',
                  { class: 'pack-reasons' },
                  s.reasons.map((r) => h('li', {}, r)),
                ),
              ),
            ),
          ),
        ),
    provenance('Top-ranked sites with no case open and not retained', 'each with its top reasons from the ranking'),
  );
}

function awaiting(pack) {
  return page(
    'pack-awaiting',
    '2. Cases awaiting a Board decision',
    pack.awaitingDecision.length === 0
      ? h('p', {}, 'No case is waiting for the Board.')
      : table(
          null,
          ['Case', 'Site reference', 'In Board review since'],
          pack.awaitingDecision.map((c) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, caseName(c)),
              h('td', {}, c.siteRef ?? '—'),
              h('td', {}, date(c.since)),
            ),
          ),
        ),
  );
}

function overdue(pack) {
  return page(
    'pack-overdue',
    '3. Overdue stages, why, and days lost',
    pack.overdue.length === 0
      ? h('p', {}, 'Nothing is overdue.')
      : table(
          null,
          ['Case', 'Stage', 'Deadline', 'Working days over', 'Why it stalled'],
          pack.overdue.map((o) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, caseName(o)),
              h('td', {}, stageBadge(o.stage)),
              h('td', {}, date(o.deadline)),
              h('td', { class: 'num' }, int(o.workingDaysOverdue)),
              h(
                'td',
                {},
                o.stallReasonLabel
                  ? [o.stallReasonLabel, o.stallReason?.text ? `: ${o.stallReason.text}` : '']
                  : 'Not explained',
              ),
            ),
          ),
        ),
    h('h3', {}, 'Working days lost, by reason'),
    pack.daysLost.length === 0
      ? h('p', {}, 'No days lost yet.')
      : table(
          null,
          ['Reason', 'Working days lost', 'Deferrals', 'Overdue stages', 'Withdrawals'],
          pack.daysLost.map((d) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, d.label),
              h('td', { class: 'num' }, int(d.workingDaysLost)),
              h('td', { class: 'num' }, int(d.deferrals)),
              h('td', { class: 'num' }, int(d.overdueStages)),
              h('td', { class: 'num' }, int(d.withdrawals)),
            ),
          ),
        ),
    provenance('Days deferred plus days stages ran past their deadlines, as of the meeting date'),
  );
}

function outcomes(pack) {
  const { totals, cases, awaitingReceipt } = pack.outcomes;
  return page(
    'pack-outcomes',
    '6. Outcomes to date',
    h(
      'p',
      {},
      `Receipts ${money(totals.receiptPence)} against valuations of ${money(totals.valuationPence)} (${percent(totals.receiptToValuation)}; ` +
        `${percent(totals.atOrAboveValuationShare)} of sales at or above valuation, NAO yardstick 95%). ` +
        `Homes completed ${int(totals.homesCompleted)} of a capacity of ${int(totals.capacityHomes)} (${percent(totals.homesCompletedShareOfCapacity)}); ` +
        `${int(totals.homesPermitted)} permitted, ${int(totals.homesStarted)} started. ${int(awaitingReceipt.length)} completed cases await a receipt.`,
    ),
    cases.length === 0
      ? h('p', {}, 'No case has completed yet.')
      : table(
          null,
          ['Case', 'Valuation', 'Receipt', 'Receipt ÷ valuation', 'Capacity', 'Permitted', 'Started', 'Completed'],
          cases.map((o) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, caseName(o)),
              h('td', { class: 'num' }, money(o.valuationPence)),
              h('td', { class: 'num' }, money(o.receiptPence)),
              h('td', { class: 'num' }, o.receiptToValuation === null ? '—' : decimal(o.receiptToValuation, 2)),
              h('td', { class: 'num' }, int(o.capacityHomes)),
              h('td', { class: 'num' }, int(o.homesPermitted)),
              h('td', { class: 'num' }, int(o.homesStarted)),
              h('td', { class: 'num' }, int(o.homesCompleted)),
            ),
          ),
        ),
  );
}
