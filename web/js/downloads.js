// @ts-check
import { mayCall } from './access.js';
import { queryString } from './api.js';
import { h } from './dom.js';

const FORMATS = [
  ['csv', 'CSV'],
  ['xlsx', 'Excel (XLSX)'],
];

/**
 * Buttons that download a table (GET /api/ranked.csv, …) with the filters on screen, in the formats the
 * user's role may fetch. The server leaves out the columns a role may not see; the file says which
 * assumption set its valuations used.
 */
export function exportButtons(user, path, query, what) {
  const formats = FORMATS.filter(([format]) => mayCall(user, `GET ${path}.${format}`));
  if (formats.length === 0) return null;
  return h(
    'p',
    { class: 'downloads' },
    `Download ${what}: `,
    formats.flatMap(([format, label], i) => [
      i > 0 ? ' ' : null,
      h('a', { class: 'button', href: `${path}.${format}${queryString(query)}`, download: '' }, label),
    ]),
  );
}
