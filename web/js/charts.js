// @ts-check
import { h, svg } from './dom.js';

/**
 * Charts as inline SVG, drawn here: no library. Each chart is role="img" with a title and a
 * description, and a table with the same figures follows it for anyone who cannot see it.
 */

export const CLASS_COLOURS = {
  rebuild: '#b3261e',
  refurbish: '#a14f00',
  maintain: '#1b6e36',
  'not-surveyed': '#5f6368',
};
const INK = '#1f2328';
const MUTED = '#555d66';
let chartSeq = 0;

function frame(title, description, width, height, children) {
  const titleId = `chart-${++chartSeq}`;
  return h(
    'figure',
    { class: 'chart' },
    svg(
      'svg',
      {
        viewBox: `0 0 ${width} ${height}`,
        width: '100%',
        role: 'img',
        'aria-labelledby': `${titleId}-t ${titleId}-d`,
        preserveAspectRatio: 'xMinYMin meet',
      },
      svg('title', { id: `${titleId}-t` }, title),
      svg('desc', { id: `${titleId}-d` }, description),
      children,
    ),
    h('figcaption', {}, title),
  );
}

const text = (x, y, content, attrs = {}) => svg('text', { x, y, fill: INK, 'font-size': 12, ...attrs }, content);

/**
 * Vertical bars. bars: [{ label, value, colour? }]; band: { from, to, label } shades the
 * bars whose index lies in [from, to] (the 5–10 year baseline).
 */
/** @param {{ title: string, description: string, bars: Array<{ label: string, value: number, colour?: string }>, valueLabel?: (v: number) => string, band?: { from: number, to: number, label: string }, height?: number }} chart */
export function barChart({ title, description, bars, valueLabel = (v) => String(v), band, height = 240 }) {
  const width = Math.max(360, bars.length * 44 + 70);
  const top = 20;
  const bottom = 56;
  const left = 48;
  const plotH = height - top - bottom;
  // Headroom under a band's label, so the tallest bar's figure does not run into it.
  const max = Math.max(1, ...bars.map((b) => b.value)) * (band ? 1.15 : 1);
  const step = (width - left - 10) / Math.max(1, bars.length);
  const parts = [];
  if (band) {
    const x0 = left + band.from * step;
    const x1 = left + (band.to + 1) * step;
    parts.push(
      svg('rect', {
        x: x0,
        y: top,
        width: x1 - x0,
        height: plotH,
        fill: '#e8eef7',
        stroke: '#8aa4c8',
        'stroke-dasharray': '4 3',
      }),
    );
    parts.push(text((x0 + x1) / 2, top - 6, band.label, { 'text-anchor': 'middle', fill: '#24466e' }));
  }
  parts.push(svg('line', { x1: left, y1: top + plotH, x2: width - 10, y2: top + plotH, stroke: MUTED }));
  parts.push(text(left - 6, top + 10, valueLabel(max), { 'text-anchor': 'end', fill: MUTED }));
  parts.push(text(left - 6, top + plotH, valueLabel(0), { 'text-anchor': 'end', fill: MUTED }));
  bars.forEach((bar, i) => {
    const barH = (bar.value / max) * plotH;
    const x = left + i * step + step * 0.15;
    const w = step * 0.7;
    parts.push(
      svg(
        'rect',
        {
          x,
          y: top + plotH - barH,
          width: w,
          height: Math.max(barH, bar.value > 0 ? 1 : 0),
          fill: bar.colour ?? '#2a5d9f',
        },
        svg('title', {}, `${bar.label}: ${valueLabel(bar.value)}`),
      ),
    );
    if (bar.value > 0)
      parts.push(
        text(x + w / 2, top + plotH - barH - 4, valueLabel(bar.value), { 'text-anchor': 'middle', 'font-size': 11 }),
      );
    parts.push(
      text(x + w / 2, top + plotH + 14, bar.label, {
        'text-anchor': 'end',
        transform: `rotate(-35 ${x + w / 2} ${top + plotH + 14})`,
        'font-size': 11,
      }),
    );
  });
  return frame(title, description, width, height, parts);
}

/** One horizontal bar per row, split into coloured segments (e.g. condition classes by borough). */
export function stackedRows({ title, description, rows, keys, colours, labels = (k) => k }) {
  const rowH = 20;
  const left = 170;
  const width = 640;
  const legendH = 28;
  const height = legendH + rows.length * rowH + 10;
  const plotW = width - left - 60;
  const parts = [];
  keys.forEach((key, i) => {
    const x = left + i * 115;
    parts.push(svg('rect', { x, y: 6, width: 12, height: 12, fill: colours[key] }));
    parts.push(text(x + 16, 16, labels(key)));
  });
  rows.forEach((row, r) => {
    const y = legendH + r * rowH;
    const total = keys.reduce((sum, k) => sum + (row.values[k] ?? 0), 0);
    parts.push(text(left - 6, y + 14, row.label, { 'text-anchor': 'end' }));
    let x = left;
    for (const key of keys) {
      const v = row.values[key] ?? 0;
      const w = total > 0 ? (v / total) * plotW : 0;
      if (w > 0)
        parts.push(
          svg(
            'rect',
            { x, y: y + 3, width: w, height: rowH - 6, fill: colours[key] },
            svg('title', {}, `${row.label}, ${labels(key)}: ${v}`),
          ),
        );
      x += w;
    }
    parts.push(text(left + plotW + 6, y + 14, String(total), { fill: MUTED }));
  });
  return frame(title, description, width, height, parts);
}

/** Horizontal bars with their labels on the left: for long category names such as stages. */
export function rowChart({ title, description, rows, valueLabel = (v) => String(v), colour = '#2a5d9f' }) {
  const rowH = 22;
  const left = 170;
  const width = 560;
  const height = rows.length * rowH + 8;
  const plotW = width - left - 50;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const parts = rows.map((row, i) => {
    const y = 4 + i * rowH;
    const w = (row.value / max) * plotW;
    return [
      text(left - 6, y + 15, row.label, { 'text-anchor': 'end' }),
      svg(
        'rect',
        { x: left, y: y + 3, width: Math.max(w, row.value > 0 ? 2 : 0), height: rowH - 6, fill: row.colour ?? colour },
        svg('title', {}, `${row.label}: ${valueLabel(row.value)}`),
      ),
      text(left + w + 6, y + 15, valueLabel(row.value), { fill: MUTED }),
    ];
  });
  return frame(title, description, width, height, parts);
}
