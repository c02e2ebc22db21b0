// @ts-check
import { mayCall } from '../access.js';
import { api, uploadFile } from '../api.js';
import { h, fill, field, select } from '../dom.js';
import { running } from '../feedback.js';
import { int, isoDay, money, penceFromPounds, words } from '../format.js';
import { go } from '../navigation.js';
import { FACT_GUARDS, PATH_STAGES, STALL_REASONS } from '../stages.js';

/**
 * What an officer adds to a case between moves: facts a guard needs (with the document each
 * rests on), expressions of interest during first refusal, why a stage is late, and outcomes
 * after sale. Each form is shown only to a role its route lets in; the API judges the request
 * and a refusal is shown under the form's own button.
 */

/** The fields of each fact (POST /api/cases/:id/facts): [key, label, kind, options]. */
const FACT_FIELDS = {
  commissioner_confirmation: [['commissioner', 'Commissioner who confirmed (e.g. the ICB)', 'text']],
  reprovision_plan: [['summary', 'Summary of the plan', 'textarea']],
  title_report: [['summary', 'What the title report says', 'textarea']],
  planning_brief: [['summary', 'What the planning brief says', 'textarea']],
  valuation: [
    ['marketValuePence', 'Market value (£)', 'pounds'],
    ['capacityHomes', 'Housing capacity (homes)', 'count'],
    ['valuedOn', 'Valued on (dd/mm/yyyy)', 'day'],
    ['basis', 'Basis (e.g. RICS Red Book, residual)', 'text'],
  ],
  planning_outcome: [
    [
      'outcome',
      'Outcome',
      'choice',
      [
        ['outline_consent', 'Outline consent'],
        ['full_consent', 'Full consent'],
        ['sale_without_consent', 'Sale without consent'],
      ],
    ],
    ['reference', 'Planning reference (optional)', 'optional'],
    ['homesPermitted', 'Homes permitted (optional)', 'optional-count'],
  ],
  sale_agreement: [
    ['buyer', 'Buyer', 'text'],
    ['pricePence', 'Agreed price (£)', 'pounds'],
    ['publicBody', 'The buyer is a public body', 'check'],
  ],
};

/** A control for one field, and how its value is read for the API. */
function factControl([key, label, kind, options]) {
  if (kind === 'choice') {
    const el = select(key, options);
    return { node: field(label, el), read: () => el.value };
  }
  if (kind === 'check') {
    const el = h('input', { type: 'checkbox', name: key });
    return { node: h('div', { class: 'field check' }, h('label', {}, el, ` ${label}`)), read: () => el.checked };
  }
  const el =
    kind === 'textarea'
      ? h('textarea', { name: key, rows: 2, required: true, maxlength: 2000 })
      : h('input', {
          name: key,
          required: !kind.startsWith('optional'),
          maxlength: 500,
          inputmode: ['pounds', 'count', 'optional-count', 'day'].includes(kind) ? 'numeric' : null,
          placeholder: kind === 'day' ? 'dd/mm/yyyy' : null,
        });
  const read = () => {
    const text = el.value.trim();
    if (kind === 'pounds') return penceFromPounds(text);
    if (kind === 'count') return /^\d+$/.test(text) ? Number(text) : text;
    if (kind === 'optional-count') return text === '' ? null : /^\d+$/.test(text) ? Number(text) : text;
    if (kind === 'optional') return text === '' ? null : text;
    if (kind === 'day') return isoDay(text);
    return text;
  };
  return { node: field(label, el), read };
}

const reasonField = () => {
  const el = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 2000 });
  return { el, node: field('Reason (goes on the record)', el) };
};

/**
 * A form that posts to one of the case's routes and redraws the case when the API accepts it.
 * @param {{ caseId: number }} page
 * @param {{ testid: string, title: string, intro?: string | null, controls: unknown[], button: string, label: string, send: () => Promise<unknown> }} form
 */
function recordForm(page, { testid, title, intro, controls, button, label, send }) {
  const submit = h('button', { type: 'submit' }, button);
  const errors = h('div', { class: 'form-errors' });
  return h(
    'form',
    {
      class: 'step',
      'data-form': testid,
      onsubmit: async (e) => {
        e.preventDefault();
        const done = await running(submit, errors, label, send);
        if (done) go(`/cases/${page.caseId}`);
      },
    },
    h('h3', {}, title),
    intro ? h('p', { class: 'hint' }, intro) : null,
    controls,
    errors,
    submit,
  );
}

function factForm(page) {
  const held = new Set(page.record?.factsOnRecord ?? []);
  const needed = [...new Set((page.nextSteps ?? []).flatMap((s) => s.guards))].filter(
    (g) => FACT_FIELDS[g] && !held.has(g),
  );
  const kinds = Object.keys(FACT_FIELDS);
  const choice = select(
    'fact',
    kinds.map((k) => [k, `${words(k)}${needed.includes(k) ? ' (needed next)' : held.has(k) ? ' (on record)' : ''}`]),
    needed[0] ?? kinds[0],
  );
  const fields = h('div', { class: 'fact-fields' });
  let readers = [];
  const draw = () => {
    const controls = FACT_FIELDS[choice.value].map(factControl);
    readers = controls.map((c, i) => [FACT_FIELDS[choice.value][i][0], c.read]);
    fill(
      fields,
      controls.map((c) => c.node),
    );
  };
  choice.addEventListener('change', draw);
  draw();
  const reference = h('input', { name: 'documentReference', maxlength: 200 });
  const file = h('input', { name: 'documentFile', type: 'file' });
  const reason = reasonField();
  return recordForm(page, {
    testid: 'fact',
    title: 'Record a fact',
    intro: needed.length
      ? `Needed for the next step: ${needed.map((g) => FACT_GUARDS[g] ?? words(g)).join('; ')}.`
      : null,
    controls: [
      field('Fact', choice),
      fields,
      field('Document reference', reference, 'The file number, or the report’s title and date, the fact rests on'),
      field('Attach the document (optional)', file),
      reason.node,
    ],
    button: 'Record the fact',
    label: 'Recording the fact',
    send: async () => {
      const chosen = file.files?.[0];
      const ref = reference.value.trim();
      // The file goes first, stored with the case; the fact then names it by its sha256.
      let stored;
      if (chosen) {
        const form = new FormData();
        form.append('file', chosen, chosen.name);
        stored = await uploadFile(form, () => undefined, `/api/cases/${page.caseId}/documents`);
      }
      const document = ref || stored ? { reference: ref, ...(stored ? { sha256: stored.sha256 } : {}) } : undefined;
      return api(`/api/cases/${page.caseId}/facts`, {
        method: 'POST',
        body: {
          fact: { fact: choice.value, ...Object.fromEntries(readers.map(([key, read]) => [key, read()])) },
          ...(document ? { document } : {}),
          reason: reason.el.value.trim(),
          version: page.version,
        },
      });
    },
  });
}

function interestForms(page) {
  const open = page.record?.openInterests ?? [];
  const post = (body, closed, reason) =>
    api(`/api/cases/${page.caseId}/interests`, {
      method: 'POST',
      body: { body, closed, reason, version: page.version },
    });
  const closeForms = open.map((body) => {
    const reason = reasonField();
    return recordForm(page, {
      testid: 'interest-close',
      title: `Interest from ${body}`,
      intro: 'Open: it pauses the sale route until it is closed.',
      controls: [reason.node],
      button: `Close the interest from ${body}`,
      label: 'Closing the interest',
      send: () => post(body, true, reason.el.value.trim()),
    });
  });
  if (page.stage !== 'first_refusal') return closeForms;
  const name = h('input', { name: 'body', required: true, maxlength: 500 });
  const reason = reasonField();
  return [
    recordForm(page, {
      testid: 'interest',
      title: 'Record an expression of interest',
      intro: 'From a public body during first refusal; it pauses the sale route while it is open.',
      controls: [field('Public body', name), reason.node],
      button: 'Record the interest',
      label: 'Recording the interest',
      send: () => post(name.value.trim(), false, reason.el.value.trim()),
    }),
    ...closeForms,
  ];
}

function delayForm(page) {
  const code = select('stallCode', STALL_REASONS);
  const text = h('input', { name: 'stallText', maxlength: 2000 });
  const reason = reasonField();
  return recordForm(page, {
    testid: 'delay',
    title: 'Say why this stage is late',
    controls: [field('Why it is stalled', code), field('Detail (needed for “Other”)', text), reason.node],
    button: 'Record the delay',
    label: 'Recording the delay',
    send: () =>
      api(`/api/cases/${page.caseId}/delays`, {
        method: 'POST',
        body: {
          stallReason: { code: code.value, ...(text.value.trim() ? { text: text.value.trim() } : {}) },
          reason: reason.el.value.trim(),
          version: page.version,
        },
      }),
  });
}

function outcomeForm(page) {
  const so = page.record?.outcome;
  const input = (name) => h('input', { name, inputmode: 'numeric', maxlength: 20 });
  const counts = [
    ['homesPermitted', 'Homes permitted'],
    ['homesStarted', 'Homes started'],
    ['homesCompleted', 'Homes completed'],
  ].map(([key, label]) => [key, input(key), label]);
  const receipt = input('receipt');
  const category = select('category', [
    ['', '—'],
    ['primary_care', 'Primary care'],
    ['community_care', 'Community care'],
    ['other', 'Other'],
  ]);
  const amount = input('reinvested');
  const reason = reasonField();
  const now = so
    ? `On record: receipt ${money(so.receiptPence)}; homes permitted ${int(so.homesPermitted)}, started ${int(so.homesStarted)}, completed ${int(so.homesCompleted)}.`
    : 'Homes permitted, started and completed as they stand (housing may say these); receipts and reinvestment are the disposing officer’s.';
  return recordForm(page, {
    testid: 'outcome',
    title: 'Record outcomes after sale',
    intro: now,
    controls: [
      counts.map(([, el, label]) => field(label, el)),
      field('Receipt (£)', receipt),
      field('Reinvested in', category),
      field('Amount reinvested (£)', amount),
      reason.node,
    ],
    button: 'Record the outcomes',
    label: 'Recording the outcomes',
    send: () => {
      const outcome = {};
      for (const [key, el] of counts)
        if (el.value.trim()) outcome[key] = /^\d+$/.test(el.value.trim()) ? Number(el.value.trim()) : el.value;
      if (receipt.value.trim()) outcome.receiptPence = penceFromPounds(receipt.value);
      if (category.value)
        outcome.reinvestment = { category: category.value, amountPence: penceFromPounds(amount.value) };
      return api(`/api/cases/${page.caseId}/outcomes`, {
        method: 'POST',
        body: { outcome, reason: reason.el.value.trim(), version: page.version },
      });
    },
  });
}

/** The record's forms this user may use on this case, as one card; null when there are none. */
export function recordSections(page, user) {
  const closed = page.closedAt !== null;
  const forms = [
    !closed && mayCall(user, 'POST /api/cases/:id/facts') ? factForm(page) : null,
    mayCall(user, 'POST /api/cases/:id/interests') ? interestForms(page) : null,
    PATH_STAGES.includes(page.stage) && mayCall(user, 'POST /api/cases/:id/delays') ? delayForm(page) : null,
    page.stage === 'completed' && mayCall(user, 'POST /api/cases/:id/outcomes') ? outcomeForm(page) : null,
  ]
    .flat()
    .filter(Boolean);
  if (forms.length === 0) return null;
  return h('section', { class: 'card' }, h('h2', {}, 'On the record'), forms);
}
