// @ts-check
import { h, fill } from './dom.js';

/**
 * Says something to screen-reader users and in the status bar. A notice belongs to the page that
 * raised it: moving to another page clears it, and an action that ends after the user has left its
 * page says nothing on the new one (issue 21: "Signing in: done." stayed on the ranked list).
 */
let clearTimer;
let currentPath = null;
let pageSeq = 0;

/** The shell calls this on every route; a different path is a new page, with no notices yet. */
export function enterPage(path) {
  if (path === currentPath) return;
  currentPath = path;
  pageSeq += 1;
  clearTimeout(clearTimer);
  const status = document.getElementById('status');
  if (status) status.textContent = '';
}

export function announce(text, page = pageSeq) {
  const status = document.getElementById('status');
  if (!status || page !== pageSeq) return;
  status.textContent = text;
  // A finished action's note goes after a few seconds; one still running stays until it ends.
  clearTimeout(clearTimer);
  if (!text.endsWith('…')) clearTimer = setTimeout(() => (status.textContent = ''), 4000);
}

/** An error box saying what happened and what to do next. */
export function errorBox(error, what) {
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('p', {}, h('strong', {}, what ? `${what}: ` : 'Something went wrong: '), error.message ?? String(error)),
    error.details?.rule ? h('p', { class: 'rule' }, `Rule: ${error.details.rule.replaceAll('_', ' ')}`) : null,
    error.advice ? h('p', {}, error.advice) : null,
  );
}

/**
 * Runs a long action with the button disabled and a visible "working" note, then shows any
 * error in `errorSlot`. Returns the action's result, or undefined when it failed.
 */
export async function running(button, errorSlot, label, action) {
  const before = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = `${label}…`;
  if (errorSlot) fill(errorSlot);
  const page = pageSeq;
  announce(`${label}…`, page);
  try {
    const result = await action();
    announce(`${label}: done.`, page);
    return result;
  } catch (e) {
    if (errorSlot) fill(errorSlot, errorBox(e, label));
    announce(`${label} failed.`, page);
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = before;
  }
}

/** Loads a page's data with a "Loading…" line; on failure the page shows the error and a retry button. */
export async function loadInto(container, label, load) {
  fill(container, h('p', { class: 'loading', role: 'status' }, `Loading ${label}…`));
  try {
    return await load();
  } catch (e) {
    fill(
      container,
      errorBox(e, `Could not load ${label}`),
      h(
        'button',
        { type: 'button', onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')) },
        'Try again',
      ),
    );
    throw e;
  }
}
