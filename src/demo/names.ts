import type { SubRegion } from '../../geo/boroughs.js';
import { SUB_REGION_NAMES } from '../../geo/boroughs.js';
import type { Random } from '../domain/random.js';

/**
 * Made-up names: tree names and common street endings, so no demo site is mistaken for a real one by its name,
 * and every address reads as an ordinary London street.
 */
const STEMS = [
  'Alder',
  'Ash',
  'Beech',
  'Birch',
  'Cedar',
  'Chestnut',
  'Elm',
  'Hawthorn',
  'Hazel',
  'Holly',
  'Juniper',
  'Larch',
  'Laurel',
  'Linden',
  'Maple',
  'Oak',
  'Poplar',
  'Rowan',
  'Sycamore',
  'Willow',
  'Yew',
] as const;
const PLACE_ENDINGS = ['field', 'wood', 'brook', 'dene', 'mead', 'croft', ' Park', ' Green', ' Vale', ' Hill'] as const;
const STREET_ENDINGS = [
  'Road',
  'Street',
  'Lane',
  'Grove',
  'Avenue',
  'Close',
  'Gardens',
  'Way',
  'Terrace',
  'Place',
] as const;

/** Invented surveying firms; real ones are not ours to name. */
export const DEMO_SURVEYORS = [
  'Aldergate Building Surveys',
  'Birchmoor Estates Consultancy',
  'Cedarline Property Services',
  'Larchfield Chartered Surveyors',
  'Rowanbrook Asset Surveys',
] as const;

function any<T>(random: Random, choices: readonly T[]): T {
  return choices[random.int(0, choices.length - 1)] as T;
}

/** "Hazelmead Health Centre". */
export function siteName(random: Random, kind: string): string {
  return `${any(random, STEMS)}${any(random, PLACE_ENDINGS)} ${kind}`;
}

/** "27 Rowan Grove, Lewisham, London": no postcode, which the registers carry in a column of its own. */
export function siteAddress(random: Random, boroughName: string): string {
  return `${random.int(1, 240)} ${any(random, STEMS)} ${any(random, STREET_ENDINGS)}, ${boroughName}, London`;
}

/** One LIFTCo per sub-region, named for it: the demo's stand-in for the real companies. */
export function liftCoName(subRegion: SubRegion): string {
  return `${SUB_REGION_NAMES[subRegion]} LIFTCo`;
}

export function surveyorName(random: Random): string {
  return any(random, DEMO_SURVEYORS);
}
