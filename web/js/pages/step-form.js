// @ts-check
import { mayCall } from '../access.js';
import { api } from '../api.js';
import { h, field, select } from '../dom.js';
import { running } from '../feedback.js';
import { isoDay, words } from '../format.js';
import { go } from '../navigation.js';
import { BOARD_DECISIONS, FACT_GUARDS, MEETING_ID_PATTERN, STALL_REASONS } from '../stages.js';

/**
 * One move the user's role may make, as a form with a field for each guard the move needs from
 * the user (facts a guard needs are recorded in their own form, see case-records.js). Out of
 * board review, a Board member's move is the Board's decision (POST /api/board/decisions).
 * `meetingId` pre-fills the meeting (the agenda page); `onDone` runs after the move is recorded.
 */
/**
 * @param {any} page
 * @param {any} step
 * @param {any} user
 * @param {{ meetingId?: string, onDone?: (moved: unknown) => unknown }} [options]
 */
export function stepForm(page, step, user, { meetingId = '', onDone } = {}) {
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
      input('meetingId', 'Board meeting (e.g. LEB-2025-03)', {
        pattern: MEETING_ID_PATTERN,
        maxlength: 64,
        value: meetingId,
      });
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
        if (moved) (onDone ?? (() => go(`/cases/${page.caseId}`)))(moved);
      },
    },
    h('h3', {}, decision ? `${words(step.to)} (Board decision)` : words(step.to)),
    needs.length
      ? h(
          'p',
          { class: 'hint' },
          `Needs on record first: ${needs.join('; ')}. An officer records these under “Record a fact” below.`,
        )
      : null,
    controls,
    errors,
    submit,
  );
}
