// @ts-check
import { api } from '../api.js';
import { h, fill, field } from '../dom.js';
import { running } from '../feedback.js';

/** Your own account: change your password (POST /api/session/password); other browsers are signed out. */
export async function render(main) {
  const me = await api('/api/session');
  if (me.signedInWith === 'oidc') {
    fill(
      main,
      h('h1', {}, 'Your account'),
      h('p', {}, `Signed in as ${me.name} (${me.role}) through your organisation’s identity provider.`),
      h('p', {}, 'Your password is kept there, not here: change it with your organisation.'),
    );
    return;
  }
  const password = (name, autocomplete) =>
    h('input', { name, type: 'password', autocomplete, required: true, maxlength: 1024 });
  const current = password('currentPassword', 'current-password');
  const next = password('newPassword', 'new-password');
  const again = password('confirmPassword', 'new-password');
  const submit = h('button', { type: 'submit' }, 'Change password');
  const errors = h('div', { 'aria-live': 'assertive' });
  const done = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: async (event) => {
        event.preventDefault();
        fill(done);
        if (next.value !== again.value) {
          fill(
            errors,
            h('p', { class: 'error', role: 'alert' }, 'The new password and its repeat differ: type them again.'),
          );
          return again.focus();
        }
        const changed = await running(submit, errors, 'Changing your password', () =>
          api('/api/session/password', {
            method: 'POST',
            body: { currentPassword: current.value, newPassword: next.value },
          }),
        );
        if (changed === undefined) return undefined;
        form.reset();
        fill(
          done,
          h('p', { class: 'ok' }, 'Password changed. Any other browser signed in as you has been signed out.'),
        );
        return undefined;
      },
    },
    field('Current password', current),
    field('New password', next, 'At least 15 characters: a few unrelated words work well. Not your user name.'),
    field('New password again', again),
    errors,
    submit,
  );
  fill(main, h('h1', {}, 'Your account'), h('p', {}, `Signed in as ${me.name} (${me.role}).`), form, done);
  current.focus();
}
