// @ts-check
import { h } from './dom.js';
import { words } from './format.js';

/** A condition class as a coloured label with the class written out (colour is never the only cue). */
export const classBadge = (conditionClass) =>
  h('span', { class: `badge class-${conditionClass ?? 'none'}` }, words(conditionClass ?? 'not scored'));

/** "From …" lines: where a figure came from. */
export const provenance = (...parts) => h('p', { class: 'provenance' }, parts.filter(Boolean).join(' · '));

export const stageBadge = (stage) => h('span', { class: `badge stage` }, words(stage));
