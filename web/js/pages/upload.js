// @ts-check
import { api, uploadFile } from '../api.js';
import { h, fill, field, select, table } from '../dom.js';
import { announce, errorBox, running } from '../feedback.js';
import { dateTime, int, sourceName, words } from '../format.js';

const SOURCES = [
  ['nhsps', 'NHS Property Services register'],
  ['chp', 'CHP LIFT register'],
  ['survey', 'Six-facet condition survey'],
  ['eric', 'ERIC site data'],
  ['boundaries', 'Site boundaries (GeoJSON)'],
];
const POLL_MS = 500;
const FINISHED = ['done', 'failed'];

/** Upload a file, watch its rows being read, accepted and rejected, then read every rejection. */
export async function render(main) {
  const source = select('source', SOURCES, 'nhsps');
  const file = h('input', {
    type: 'file',
    name: 'file',
    required: true,
    accept: '.csv,.txt,.xlsx,.xls,.ods,.geojson,.json,.zip',
  });
  // Options are part of an upload's identity: the same boundaries file with a new reference
  // property is a new upload, so a file refused for want of one can be sent again with it.
  const referenceProperty = h('input', { type: 'text', name: 'referenceProperty', autocomplete: 'off' });
  const crs = select(
    'crs',
    [
      ['', 'As the file says, or detected from its coordinates'],
      ['EPSG:27700', 'British National Grid metres (EPSG:27700)'],
      ['EPSG:4326', 'Longitude/latitude (EPSG:4326)'],
    ],
    '',
  );
  const boundaryOptions = h(
    'div',
    { hidden: true, 'data-testid': 'boundary-options' },
    field(
      'Site reference property',
      referenceProperty,
      'The feature property holding the site reference, when the file names it otherwise. The same file with a new option is a new upload.',
    ),
    field('Coordinate system', crs),
  );
  source.addEventListener('change', () => {
    boundaryOptions.hidden = source.value !== 'boundaries';
  });
  const submit = h('button', { type: 'submit' }, 'Upload');
  const errors = h('div');
  const progress = h('section', {
    class: 'card',
    'aria-live': 'polite',
    hidden: true,
    'data-testid': 'upload-progress',
  });
  const report = h('div');
  const recent = h('section', { class: 'card' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e) => {
        e.preventDefault();
        const chosen = file.files[0];
        if (!chosen) return;
        const body = new FormData();
        body.append('source', source.value);
        if (source.value === 'boundaries') {
          if (referenceProperty.value.trim()) body.append('referenceProperty', referenceProperty.value.trim());
          if (crs.value) body.append('crs', crs.value);
        }
        body.append('file', chosen, chosen.name);
        fill(report);
        progress.hidden = false;
        const sent = h('progress', { max: chosen.size, value: 0, 'aria-label': 'Bytes sent' });
        fill(progress, h('h2', {}, `Sending ${chosen.name}`), sent);
        const upload = await running(submit, errors, 'Uploading', () =>
          uploadFile(body, (loaded, total) => {
            sent.max = total;
            sent.value = loaded;
          }),
        );
        if (!upload) {
          progress.hidden = true;
          return;
        }
        if (!upload.created) announce('This file was uploaded before: showing that upload.');
        await follow(upload, progress, report, !upload.created);
        void showRecent(recent);
      },
    },
    h('h2', {}, 'Upload a file'),
    field('What the file is', source),
    field(
      'File',
      file,
      'CSV, XLSX, .xls or .ods registers and surveys; the same file with the same options twice is stored once.',
    ),
    boundaryOptions,
    errors,
    submit,
  );
  fill(main, h('h1', {}, 'Upload'), form, progress, report, recent);
  await showRecent(recent);
}

/** Polls the upload until it is done or failed, drawing the counters each time. */
async function follow(first, progress, report, repeat) {
  let upload = first;
  for (;;) {
    drawProgress(progress, upload, repeat);
    if (FINISHED.includes(upload.status)) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    try {
      upload = await api(`/api/uploads/${upload.uploadId}`);
    } catch (e) {
      fill(
        report,
        errorBox(e, 'Could not follow the upload'),
        h('p', {}, `It carries on on the server: reload this page to see upload ${upload.uploadId} in the list below.`),
      );
      return;
    }
  }
  announce(
    `Upload ${upload.uploadId} ${upload.status}: ${upload.read} rows read, ${upload.accepted} accepted, ${upload.rejected} rejected.`,
  );
  if (upload.status === 'failed') {
    fill(
      report,
      errorBox(
        {
          message: upload.error ?? 'the file could not be read',
          advice:
            'Check the file is the kind you chose, with its header row, then upload it again (docs/formats.md lists every column).',
        },
        'The upload failed',
      ),
    );
    return;
  }
  await showRejections(report, upload);
}

const STEPS = [
  ['queued', 'Queued'],
  ['ingesting', 'Reading rows'],
  ['processing', 'Scoring, valuing and ranking'],
  ['done', 'Done'],
];

function drawProgress(progress, upload, repeat) {
  const at = STEPS.findIndex(([s]) => s === upload.status);
  fill(
    progress,
    h('h2', {}, `Upload ${upload.uploadId}: ${upload.filename}`),
    repeat
      ? h(
          'p',
          {},
          'These exact bytes, with the same options, were uploaded before; nothing changed. This is that upload.',
        )
      : null,
    h(
      'ol',
      { class: 'steps' },
      STEPS.map(([_s, label], i) =>
        h(
          'li',
          {
            class: upload.status === 'failed' ? 'todo' : i < at ? 'done' : i === at ? 'current' : 'todo',
            'aria-current': i === at ? 'step' : null,
          },
          label,
        ),
      ),
    ),
    h(
      'dl',
      { class: 'counters' },
      h('div', {}, h('dt', {}, 'Rows read'), h('dd', { 'data-testid': 'rows-read' }, int(upload.read))),
      h('div', {}, h('dt', {}, 'Accepted'), h('dd', { 'data-testid': 'rows-accepted' }, int(upload.accepted))),
      h('div', {}, h('dt', {}, 'Rejected'), h('dd', { 'data-testid': 'rows-rejected' }, int(upload.rejected))),
      // ERIC's accepted rows are sites and trust totals: the number of real sites is read here, not worked out
      upload.trustTotals === null || upload.trustTotals === undefined
        ? null
        : [
            h('div', {}, h('dt', {}, 'Sites'), h('dd', { 'data-testid': 'rows-sites' }, int(upload.sites))),
            h(
              'div',
              {},
              h('dt', {}, 'Trust totals'),
              h('dd', { 'data-testid': 'rows-trust-totals' }, int(upload.trustTotals)),
            ),
          ],
    ),
    upload.readAs ? h('p', { 'data-testid': 'upload-read-as' }, `Read as ${readingText(upload.readAs)}.`) : null,
    h(
      'p',
      { 'data-testid': 'upload-status' },
      `Status: ${words(upload.status)}${FINISHED.includes(upload.status) ? '' : '…'}`,
    ),
  );
}

const SEPARATOR_NAMES = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'pipes (|)', '¬': 'not signs (¬)' };
const CRS_FROM = {
  file: "as the file's crs member says",
  option: 'as the upload said',
  detected: 'detected from the coordinates (the file declares none)',
};

/** How the server read the file (the summary's readAs), in words. */
function readingText(readAs) {
  if (readAs.format === 'csv')
    return `delimited text, ${readAs.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252 (Latin-1)'}, separated by ${SEPARATOR_NAMES[readAs.separator]}`;
  if (readAs.format === 'geojson') return `GeoJSON in ${readAs.crs}, ${CRS_FROM[readAs.crsFrom]}`;
  if (readAs.format === 'xls') return 'an Excel 97–2003 (.xls) workbook';
  if (readAs.format === 'ods') return 'an OpenDocument (.ods) spreadsheet';
  return 'an XLSX workbook';
}

async function showRejections(report, upload) {
  if (upload.rejected === 0) return fill(report, h('p', { class: 'card' }, 'Every row was accepted.'));
  const { rejections } = await api(`/api/uploads/${upload.uploadId}/rejections`);
  const rows = rejections.flatMap((r) =>
    r.problems.map((p, i) =>
      h(
        'tr',
        { 'data-row': r.row },
        i === 0 ? h('th', { scope: 'row', rowspan: r.problems.length }, String(r.row)) : null,
        h('td', {}, p.field ?? '—'),
        h('td', {}, h('code', {}, p.code)),
        h('td', {}, p.message),
        i === 0
          ? h(
              'td',
              { rowspan: r.problems.length, class: 'raw' },
              Object.entries(r.raw ?? {})
                .filter(([, v]) => v !== '' && v !== null)
                .map(([k, v]) => `${k}: ${v}`)
                .join('; '),
            )
          : null,
      ),
    ),
  );
  fill(
    report,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, `${int(upload.rejected)} rows rejected`),
      h(
        'p',
        { 'data-testid': 'rejected-by-code' },
        Object.entries(upload.rejectedByCode ?? {})
          .map(([code, n]) => `${code}: ${int(n)}`)
          .join(' · '),
      ),
      h(
        'p',
        {},
        'Correct these rows in the source file and upload it again; accepted rows are not duplicated. ',
        h(
          'a',
          {
            href: `/api/uploads/${upload.uploadId}/rejections?format=csv`,
            download: `rejections-${upload.uploadId}.csv`,
          },
          'Download the rejections as CSV',
        ),
      ),
      table('Rejected rows', ['Row', 'Field', 'Code', 'What is wrong', 'The row as read'], rows, {
        class: 'rejections',
      }),
    ),
  );
  return undefined;
}

async function showRecent(recent) {
  try {
    const { uploads } = await api('/api/uploads', { query: { limit: 10 } });
    fill(
      recent,
      h('h2', {}, 'Recent uploads'),
      uploads.length === 0
        ? h('p', {}, 'None yet.')
        : table(
            null,
            ['Upload', 'File', 'Source', 'Status', 'Read', 'Accepted', 'Rejected', 'When', 'By'],
            uploads.map((u) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, String(u.uploadId)),
                h('td', {}, u.filename),
                h('td', {}, sourceName(u.source)),
                h('td', {}, words(u.status)),
                h('td', { class: 'num' }, int(u.read)),
                h('td', { class: 'num' }, int(u.accepted)),
                h('td', { class: 'num' }, int(u.rejected)),
                h('td', {}, dateTime(u.createdAt)),
                h('td', {}, u.uploadedBy ?? '—'),
              ),
            ),
          ),
    );
  } catch (e) {
    fill(recent, errorBox(e, 'Could not list recent uploads'));
  }
}
