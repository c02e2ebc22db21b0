// @ts-check
/** Figures as UK readers expect them: £1.2m, 0.42 ha, 31/03/2025, en-GB digit grouping. */

const intFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

const DASH = '—';

export const int = (n) => (n === null || n === undefined ? DASH : intFormat.format(n));

export function decimal(n, places) {
  if (n === null || n === undefined) return DASH;
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: places, maximumFractionDigits: places }).format(n);
}

/** Money from integer pence, short: £1.2m, £850k, £950; negatives with a minus sign. */
export function money(pence) {
  if (pence === null || pence === undefined) return DASH;
  const pounds = Math.abs(pence) / 100;
  const sign = pence < 0 ? '−' : '';
  if (pounds >= 1e9) return `${sign}£${decimal(pounds / 1e9, 1)}bn`;
  if (pounds >= 1e6) return `${sign}£${decimal(pounds / 1e6, 1)}m`;
  if (pounds >= 1e3) return `${sign}£${intFormat.format(Math.round(pounds / 1e3))}k`;
  return `${sign}£${intFormat.format(Math.round(pounds))}`;
}

/** Money in whole pounds, for the lines of a valuation's working. */
export function moneyFull(pence) {
  if (pence === null || pence === undefined) return DASH;
  return `${pence < 0 ? '−' : ''}£${intFormat.format(Math.round(Math.abs(pence) / 100))}`;
}

export const hectares = (ha) => (ha === null || ha === undefined ? DASH : `${decimal(ha, 2)} ha`);
export const squareMetres = (m2) => (m2 === null || m2 === undefined ? DASH : `${int(m2)} m²`);
export const percent = (share, places = 0) =>
  share === null || share === undefined ? DASH : `${decimal(share * 100, places)}%`;
export const score = (n) => (n === null || n === undefined ? DASH : decimal(n, 1));

/** dd/mm/yyyy. A bare yyyy-mm-dd is a calendar day and is shown as written, never shifted by a time zone. */
export function date(value) {
  if (!value) return DASH;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateFormat.format(d);
}

export function dateTime(value) {
  if (!value) return DASH;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : `${dateFormat.format(d)} ${timeFormat.format(d)}`;
}

/** Stage and code names as words: approved_for_disposal → approved for disposal. */
export const words = (code) =>
  code === null || code === undefined ? DASH : String(code).replaceAll('_', ' ').replaceAll('-', ' ');

export const SOURCE_NAMES = {
  nhsps: 'NHS Property Services register',
  chp: 'CHP LIFT register',
  eric: 'ERIC site data',
  survey: 'condition survey',
  boundaries: 'site boundaries',
};
export const sourceName = (source) => SOURCE_NAMES[source] ?? source;

/** dd/mm/yyyy as typed in the UK → yyyy-mm-dd for the API; anything else is sent as typed for the API to refuse. */
export function isoDay(text) {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text.trim();
}

/** Pounds as typed ("£1,250,000.50") → whole pence; anything else is sent as typed for the API to refuse. */
export function penceFromPounds(text) {
  const cleaned = text.trim().replace(/[£,\s]/g, '');
  return /^\d+(\.\d{1,2})?$/.test(cleaned) ? Math.round(Number(cleaned) * 100) : text.trim();
}
