// @ts-check
import { api } from '../api.js';
import { go, signedIn } from '../navigation.js';
import { h, fill, field } from '../dom.js';
import { running } from '../feedback.js';

export function render(main, { next }) {
  const name = h('input', { name: 'name', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: 256,
  });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const errors = h('div', { 'aria-live': 'assertive' });
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: async (event) => {
        event.preventDefault();
        const user = await running(submit, errors, 'Signing in', () =>
          api('/api/session', { method: 'POST', body: { name: name.value.trim(), password: password.value } }),
        );
        if (!user) return password.focus();
        signedIn(user);
        go(next ?? '/');
      },
    },
    field('Name', name),
    field('Password', password),
    errors,
    submit,
  );
  fill(main, h('h1', {}, 'Sign in'), h('p', {}, 'Use the name and password the estates team gave you.'), form);
  name.focus();
}
