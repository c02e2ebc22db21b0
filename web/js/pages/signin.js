// @ts-check
import { api } from '../api.js';
import { go, signedIn } from '../navigation.js';
import { h, fill, field } from '../dom.js';
import { running } from '../feedback.js';

export function render(main, { next, oidc }) {
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
  const provider = oidc
    ? h(
        'div',
        { class: 'card narrow' },
        h(
          'a',
          { class: 'button provider', href: `/api/session/oidc${next ? `?next=${encodeURIComponent(next)}` : ''}` },
          `Sign in with ${oidc.label}`,
        ),
        h('p', {}, 'Or, with an account the estates team gave you:'),
      )
    : null;
  fill(
    main,
    h('h1', {}, 'Sign in'),
    provider ?? h('p', {}, 'Use the name and password the estates team gave you.'),
    form,
  );
  name.focus();
}
