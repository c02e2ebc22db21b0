// @ts-check
import { mayCall } from '../access.js';
import { api } from '../api.js';
import { go } from '../navigation.js';
import { h, fill, facts, field, table } from '../dom.js';
import { loadInto, running } from '../feedback.js';
import { classBadge, provenance, stageBadge } from '../widgets.js';
import {
  date,
  dateTime,
  decimal,
  hectares,
  int,
  money,
  moneyFull,
  score,
  sourceName,
  squareMetres,
  words,
} from '../format.js';

/** One site: its record, scores with their components, survey blocks, valuation with its working, and its case. */
export async function render(main, { params, user }) {
  const siteId = Number(params[0]);
  const detail = await loadInto(main, 'the site', () => api(`/api/sites/${siteId}`));
  const { site, scores, surveyBlocks, valuation, openCase } = detail;
  const title = site.name ?? site.sourceRef;
  document.title = `${title} · London Estates`;

  fill(
    main,
    h(
      'p',
      { class: 'crumbs' },
      h(
        'a',
        { href: mayCall(user, 'GET /api/ranked') ? '#/ranked' : '#/land' },
        mayCall(user, 'GET /api/ranked') ? 'Ranked list' : 'Released land',
      ),
      ' › ',
      title,
    ),
    h('h1', {}, title),
    h('p', { class: 'lede' }, [site.address, site.postcode].filter(Boolean).join(', ') || 'No address on record'),
    section('The site', [
      facts([
        ['Reference', site.sourceRef],
        ['Borough', site.boroughName ?? site.borough],
        ['Sub-region', site.subRegion],
        ['Tenure', words(site.tenure)],
        ['Site area', hectares(site.siteAreaHa)],
        ['Gross internal area', squareMetres(site.giaM2)],
        ['Location', `${decimal(site.lat, 5)}, ${decimal(site.lon, 5)} (placed by ${words(site.placedBy)})`],
        site.placedInWater
          ? [
              'Placed in water',
              `The point is in the Thames or a dock, in no borough's land (the GLA's boundaries leave the river out) but inside Greater London: placed in the nearest borough, ${site.boroughName ?? site.borough}. Check the site's coordinates or postcode.`,
            ]
          : null,
        ['Land status', detail.status ? words(detail.status) : 'Not released'],
        ['Homes (capacity)', int(detail.homes)],
      ]),
      provenance(
        `From the ${sourceName(site.source)}`,
        `data version ${site.dataVersion}`,
        `updated ${dateTime(site.updatedAt)}`,
      ),
    ]),
    scoresSection(scores),
    practicesSection(detail.practices ?? [], scores?.surplus ?? {}),
    surveySection(surveyBlocks),
    'valuation' in detail ? valuationSection(valuation) : null,
    caseSection(site, openCase, user),
  );
}

const withUnit = (n, unit) => (unit === '%' ? `${decimal(n, 1)}%` : `${decimal(n, 2)} ${unit ?? ''}`.trim());

const section = (heading, children) => h('section', { class: 'card' }, h('h2', {}, heading), children);

function scoresSection(scores) {
  if (!scores)
    return section(
      'Scores',
      h('p', {}, 'Not scored yet: the scores appear once the estate has been scored after the last upload.'),
    );
  const condition = scores.condition ?? {};
  const surplus = scores.surplus ?? {};
  const components = Array.isArray(surplus.components) ? surplus.components : [];
  const blockers = Array.isArray(surplus.blockers) ? surplus.blockers : [];
  const escalators = Array.isArray(condition.escalators) ? condition.escalators : [];
  const notes = Array.isArray(condition.notes) ? condition.notes : [];
  const cell = condition.matrixCell ?? {};
  return section('Scores', [
    facts([
      ['Condition class', classBadge(scores.conditionClass)],
      ['Condition score (0–100, 100 = all A)', score(scores.conditionScore)],
      ['Surplus score (0–100)', score(scores.surplusScore)],
      ['Decided by', condition.decidedBy ? words(condition.decidedBy) : null],
      [
        'Matrix cell',
        cell.physical || cell.functional
          ? `physical ${cell.physical ?? '—'}, functional ${cell.functional ?? '—'}`
          : null,
      ],
      ['Disposal route', surplus.route ? words(surplus.route) : null],
    ]),
    condition.summary ? h('p', {}, condition.summary) : null,
    escalators.length ? h('h3', {}, 'Escalators that raised the class') : null,
    escalators.length
      ? h(
          'ul',
          {},
          escalators.map((e) =>
            h('li', {}, `${words(e.rule)}: ${e.value} ${e.unit ?? ''} against ${e.threshold} → ${words(e.raisesTo)}`),
          ),
        )
      : null,
    notes.length
      ? h(
          'ul',
          { class: 'notes' },
          notes.map((n) => h('li', {}, n)),
        )
      : null,
    components.length
      ? table(
          'Surplus score components',
          ['Component', 'Site', 'Benchmark', 'Points', 'Why'],
          components.map((c) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, c.label ?? words(c.key)),
              h(
                'td',
                { class: 'num' },
                c.input === null || c.input === undefined ? words(c.status ?? 'no data') : withUnit(c.input, c.unit),
              ),
              h(
                'td',
                { class: 'num' },
                c.benchmark === null || c.benchmark === undefined ? '—' : withUnit(c.benchmark, c.unit),
              ),
              h('td', { class: 'num' }, `${decimal(c.contribution ?? 0, 1)} of ${decimal(c.weight ?? 0, 0)}`),
              h('td', {}, c.explanation ?? ''),
            ),
          ),
        )
      : null,
    blockers.length ? h('h3', {}, 'What holds the score down') : null,
    blockers.length
      ? h(
          'ul',
          {},
          blockers.map((b) =>
            h('li', {}, `${words(b.key)} (−${decimal(b.penaltyPoints, 1)} points): ${b.explanation}`),
          ),
        )
      : null,
    provenance(
      `Score run ${scores.scoreRunId}`,
      `estate version ${scores.estateVersion}`,
      `model ${scores.modelVersion}`,
      `site data version ${scores.siteDataVersion}`,
      `computed ${dateTime(scores.computedAt)}`,
    ),
  ]);
}

const FACETS = [
  ['physical', 'Physical'],
  ['functional', 'Functional'],
  ['spaceUtilisation', 'Space use'],
  ['quality', 'Quality'],
  ['statutory', 'Statutory'],
  ['environmental', 'Environmental'],
];

function backlog(record) {
  const b = record.backlogPence;
  if (!b || typeof b !== 'object') return '—';
  const total = ['high', 'significant', 'moderate', 'low'].reduce((sum, k) => sum + (Number(b[k]) || 0), 0);
  return `${money(total)} (high ${money(b.high ?? 0)})`;
}

/** GP practices occupying the site (ODS epraccur): a closed or dormant one is a surplus reason, with its date. */
function practicesSection(practices, surplus) {
  if (!practices.length) return null;
  const gonePoints = surplus.occupiersGonePoints ?? 0;
  return section('GP practices occupying the site', [
    table(
      'GP practices (ODS)',
      ['ODS code', 'Practice', 'Status', 'Closed', 'Linked by'],
      practices.map((p) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, p.odsCode),
          h('td', {}, p.name),
          h('td', {}, words(p.status)),
          h('td', {}, p.closeDate ? date(p.closeDate) : '—'),
          h('td', {}, p.linkedBy === 'ods_code' ? 'ODS code on the site record' : 'same postcode'),
        ),
      ),
      { 'data-testid': 'site-practices' },
    ),
    ...(surplus.occupiersGone ?? []).map((g) => h('p', {}, g.explanation)),
    gonePoints > 0 ? h('p', {}, `Every practice here has gone: +${gonePoints} points on the surplus score.`) : null,
  ]);
}

function surveySection(blocks) {
  if (!blocks.length)
    return section(
      'Condition survey',
      h('p', {}, 'No six-facet survey is on record for this site; its condition class comes from the register.'),
    );
  const grade = (record, key) => {
    const v = record[key];
    return v === undefined || v === null ? '—' : words(String(v));
  };
  return section('Condition survey', [
    table(
      'Survey blocks',
      ['Block', 'Surveyed', ...FACETS.map(([, label]) => label), 'Backlog', 'Source upload'],
      blocks.map((b) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, b.block),
          h('td', {}, date(b.surveyDate)),
          FACETS.map(([key]) => h('td', {}, grade(b.record ?? {}, key))),
          h('td', { class: 'num' }, backlog(b.record ?? {})),
          h('td', {}, `upload ${b.uploadId}${b.record?.surveyor ? `, surveyor ${b.record.surveyor}` : ''}`),
        ),
      ),
    ),
    provenance(
      'Grades as the surveyor gave them (A best, D worst)',
      'each block from the survey upload and date in its row',
    ),
  ]);
}

function valuationSection(valuation) {
  if (!valuation) return section('Valuation', h('p', {}, 'Not valued yet: valuations follow scoring.'));
  const working = valuation.working ?? {};
  const lines = Array.isArray(working.working) ? working.working : Array.isArray(working) ? working : [];
  const flags = Array.isArray(working.flags) ? working.flags : [];
  return section('Valuation', [
    valuation.current
      ? null
      : h(
          'p',
          { class: 'warning' },
          'The site’s data changed after this valuation: it will be revalued on the next run.',
        ),
    facts([
      ['Market value', money(valuation.marketValuePence)],
      ['Net receipt', money(valuation.netReceiptPence)],
      ['Existing use value', money(valuation.euvPence)],
      ['Residual land value (housing)', money(valuation.residualPence)],
      ['Homes', int(valuation.homes)],
      ['Basis', working.basis ? words(working.basis) : null],
    ]),
    flags.length
      ? h(
          'ul',
          { class: 'notes' },
          flags.map((f) => h('li', {}, words(f))),
        )
      : null,
    lines.length
      ? h(
          'details',
          {},
          h('summary', {}, `The working (${lines.length} lines)`),
          table(
            'Valuation working',
            ['Line', 'Amount', 'Source'],
            lines.map((l) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, l.line),
                h(
                  'td',
                  { class: 'num' },
                  l.amountPence !== undefined
                    ? moneyFull(l.amountPence)
                    : `${typeof l.value === 'number' ? decimal(l.value, 2) : (l.value ?? '')} ${l.unit ?? ''}`,
                ),
                h('td', {}, l.source ?? (l.assumptionKey ? `assumption ${l.assumptionKey}` : '')),
              ),
            ),
          ),
        )
      : null,
    provenance(
      `Assumption set ${valuation.assumptionSetId}`,
      `model ${valuation.modelVersion}`,
      `site data version ${valuation.siteDataVersion}`,
      `valued ${dateTime(valuation.computedAt)}`,
    ),
  ]);
}

function caseSection(site, openCase, user) {
  if (openCase) {
    return section('Disposal case', [
      facts([
        ['Case', h('a', { href: `#/cases/${openCase.caseId}` }, `Case ${openCase.caseId}`)],
        ['Stage', stageBadge(openCase.stage)],
        ['Opened', date(openCase.openedAt)],
      ]),
    ]);
  }
  if (!mayCall(user, 'POST /api/cases')) return section('Disposal case', h('p', {}, 'No open case.'));
  const reason = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 2000 });
  const submit = h('button', { type: 'submit' }, 'Open a case');
  const errors = h('div');
  return section('Disposal case', [
    h('p', {}, 'No open case. Open one to start the disposal workflow for this site.'),
    h(
      'form',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          const opened = await running(submit, errors, 'Opening the case', () =>
            api('/api/cases', { method: 'POST', body: { site: site.siteId, reason: reason.value.trim() } }),
          );
          if (opened) go(`/cases/${opened.caseId}`);
        },
      },
      field('Why this site should be considered for disposal', reason),
      errors,
      submit,
    ),
  ]);
}
