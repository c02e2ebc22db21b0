// @ts-check
import { api } from '../api.js';
import { h, fill, field, table } from '../dom.js';
import { loadInto, running } from '../feedback.js';

/**
 * Accounts, for admins (GET /api/users and the routes beside it): disable or re-enable a user,
 * give one a new one-time password, list, issue and revoke their API tokens, and lift their
 * sign-in throttle. Passwords and tokens are shown once, as the API returns them.
 */
const day = (iso) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');

/** A secret shown once, selectable, with what it is. */
const shownOnce = (what, secret) =>
  h(
    'div',
    { class: 'card secret', role: 'status' },
    h('p', {}, `${what} (shown once: copy it now, only its hash is kept):`),
    h('p', {}, h('code', { 'data-testid': 'secret' }, secret)),
  );

export async function render(main) {
  const list = h('div', {});
  const detail = h('section', { 'aria-live': 'polite' });
  fill(main, h('h1', {}, 'Users'), list, detail);
  const users = await loadInto(list, 'users', () => api('/api/users'));
  const redraw = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  fill(
    list,
    table(
      'Accounts',
      ['Name', 'Role', 'Organisation', 'Signs in with', 'Status', 'Live tokens', ''],
      users.map((u) => {
        const errors = h('div', {});
        const toggle = h('button', { type: 'button' }, u.disabledAt ? 'Enable' : 'Disable');
        toggle.addEventListener('click', async () => {
          const changed = await running(
            toggle,
            errors,
            u.disabledAt ? `Enabling ${u.name}` : `Disabling ${u.name}`,
            () => api(`/api/users/${u.userId}`, { method: 'PATCH', body: { disabled: !u.disabledAt } }),
          );
          if (changed) redraw();
        });
        const manage = h('button', { type: 'button' }, 'Tokens and sign-in');
        manage.addEventListener('click', () => void showUser(detail, u));
        return h(
          'tr',
          { 'data-user': u.name },
          h('th', { scope: 'row' }, u.name),
          h('td', {}, u.role),
          h('td', {}, u.org ?? '—'),
          h('td', {}, u.oidcIssuer ? 'identity provider' : 'password'),
          h('td', {}, u.disabledAt ? `disabled ${day(u.disabledAt)}` : 'enabled'),
          h('td', {}, String(u.liveTokens)),
          h('td', {}, toggle, ' ', manage, errors),
        );
      }),
    ),
  );
}

async function showUser(detail, user) {
  const tokensBox = h('div', {});
  const throttleBox = h('div', {});
  const secretBox = h('div', {});
  const errors = h('div', {});
  fill(detail, h('h2', {}, user.name), errors, secretBox);

  if (!user.oidcIssuer) {
    const reset = h('button', { type: 'button' }, 'Give a new one-time password');
    reset.addEventListener('click', async () => {
      const answer = await running(reset, errors, `Resetting ${user.name}’s password`, () =>
        api(`/api/users/${user.userId}/password`, { method: 'POST' }),
      );
      if (answer)
        fill(secretBox, shownOnce(`New password for ${user.name}; their sessions have ended`, answer.password));
    });
    detail.append(h('p', {}, reset));
  }

  const label = h('input', { name: 'label', required: true, maxlength: 200 });
  const days = h('input', { name: 'days', type: 'number', min: 1, max: 3650, inputmode: 'numeric' });
  const issue = h('button', { type: 'submit' }, 'Issue token');
  const issueForm = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const body = { label: label.value.trim(), ...(days.value ? { days: Number(days.value) } : {}) };
        const issued = await running(issue, errors, 'Issuing a token', () =>
          api(`/api/users/${user.userId}/tokens`, { method: 'POST', body }),
        );
        if (!issued) return;
        fill(secretBox, shownOnce(`API token “${issued.label}”, expires ${day(issued.expiresAt)}`, issued.token));
        issueForm.reset();
        await drawTokens();
      },
    },
    field('Token label', label, 'what it is for, e.g. “QGIS on the estates laptop”'),
    field('Days it lives', days, 'leave empty for the default'),
    issue,
  );
  detail.append(h('h3', {}, 'API tokens'), tokensBox, issueForm, h('h3', {}, 'Sign-in throttle'), throttleBox);

  async function drawTokens() {
    const tokens = await loadInto(tokensBox, 'tokens', () => api(`/api/users/${user.userId}/tokens`));
    fill(
      tokensBox,
      tokens.length === 0
        ? h('p', {}, 'No tokens.')
        : table(
            null,
            ['Label', 'Issued', 'Expires', 'Status', ''],
            tokens.map((t) => {
              const revoke = h('button', { type: 'button' }, 'Revoke');
              revoke.addEventListener('click', async () => {
                const done = await running(revoke, errors, `Revoking “${t.label}”`, () =>
                  api(`/api/users/${user.userId}/tokens/${t.tokenId}`, { method: 'DELETE' }).then(() => true),
                );
                if (done) await drawTokens();
              });
              return h(
                'tr',
                { 'data-token': t.tokenId },
                h('th', { scope: 'row' }, t.label),
                h('td', {}, day(t.createdAt)),
                h('td', {}, day(t.expiresAt)),
                h('td', {}, t.status),
                h('td', {}, t.status === 'revoked' ? null : revoke),
              );
            }),
          ),
    );
  }

  async function drawThrottle() {
    const addresses = await loadInto(throttleBox, 'the sign-in throttle', () =>
      api(`/api/users/${user.userId}/throttle`),
    );
    const lift = h('button', { type: 'button' }, 'Lift the throttle');
    lift.addEventListener('click', async () => {
      const lifted = await running(lift, errors, `Lifting ${user.name}’s sign-in throttle`, () =>
        api(`/api/users/${user.userId}/throttle`, { method: 'DELETE' }),
      );
      if (lifted) await drawThrottle();
    });
    fill(
      throttleBox,
      addresses.length === 0
        ? h('p', {}, 'No failed sign-ins on record.')
        : [
            table(
              null,
              ['Address', 'Failures', 'Last failure', 'May try again'],
              addresses.map((a) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, a.address),
                  h('td', {}, String(a.failures)),
                  h('td', {}, day(a.lastFailureAt)),
                  h('td', {}, a.nextAttemptAt ? day(a.nextAttemptAt) : 'now'),
                ),
              ),
            ),
            lift,
          ],
    );
  }

  await Promise.all([drawTokens(), drawThrottle()]);
}
