import { h, fill } from './dom.js';

/** Says something to screen-reader users and in the status bar. */
let clearTimer;

export function announce(text) {
  const status = document.getElementById('status');
  if (!status) return;
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
  announce(`${label}…`);
  try {
    const result = await action();
    announce(`${label}: done.`);
    return result;
  } catch (e) {
    if (errorSlot) fill(errorSlot, errorBox(e, label));
    announce(`${label} failed.`);
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
