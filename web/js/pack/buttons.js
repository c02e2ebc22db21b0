// @ts-check
import { mayCall } from '../access.js';
import { queryString } from '../api.js';
import { h } from '../dom.js';

/**
 * The Board pack for a meeting date: a button that downloads the A4 PDF (GET /api/board/pack.pdf) and,
 * away from the pack's own page, a link to it on screen. Shown to a role the pack's routes let in.
 */
export function packButtons(user, meetingDate, { withPage = true } = {}) {
  if (!mayCall(user, 'GET /api/board/pack.pdf')) return null;
  return h(
    'p',
    { class: 'downloads' },
    h(
      'a',
      { class: 'button', href: `/api/board/pack.pdf${queryString({ date: meetingDate })}`, download: '' },
      'Download the Board pack (PDF, A4)',
    ),
    withPage
      ? [' ', h('a', { href: `#/board/pack${queryString({ date: meetingDate })}` }, 'See the pack on screen')]
      : null,
  );
}
