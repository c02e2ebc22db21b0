// @ts-check
import { api } from '../api.js';
import { h, fill, field } from '../dom.js';
import { loadInto } from '../feedback.js';
import { packButtons } from '../pack/buttons.js';
import { drawPack } from '../pack/view.js';

/** yyyy-mm-dd today in London. */
const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

/**
 * The Board pack for a meeting date, as it will print, and the button that downloads it as an A4 PDF
 * (GET /api/board/pack.pdf: the same view, printed by headless Chromium on the server).
 */
export async function render(main, { user }) {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const meetingDate = /^\d{4}-\d{2}-\d{2}$/.test(q.get('date') ?? '') ? q.get('date') : today();
  const dateInput = h('input', { name: 'date', type: 'date', value: meetingDate, required: true });
  const pack = h('div', { class: 'pack' });
  fill(
    main,
    h('h1', {}, 'Board pack'),
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (e) => {
          e.preventDefault();
          location.hash = `#/board/pack?date=${dateInput.value}`;
        },
      },
      field('Meeting date', dateInput),
      h('button', { type: 'submit' }, 'Show the pack'),
    ),
    packButtons(user, meetingDate, { withPage: false }),
    pack,
  );
  const body = await loadInto(pack, 'the Board pack', () => api('/api/board/pack', { query: { date: meetingDate } }));
  fill(pack, drawPack(body));
}
