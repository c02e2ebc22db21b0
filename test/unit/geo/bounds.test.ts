import { describe, expect, it } from 'vitest';
import { checkBngPoint, checkLonLat, looksLikeBngCoordinates } from '../../../geo/bounds.js';

describe('checkBngPoint', () => {
  it('accepts London and the grid’s own corners', () => {
    expect(checkBngPoint({ eastingM: 530_043, northingM: 180_358 })).toBeNull();
    expect(checkBngPoint({ eastingM: 0, northingM: 0 })).toBeNull();
    expect(checkBngPoint({ eastingM: 700_000, northingM: 1_300_000 })).toBeNull();
  });

  it('rejects a point just past any edge of the grid', () => {
    expect(checkBngPoint({ eastingM: -0.5, northingM: 180_000 })).toBe('outside_great_britain');
    expect(checkBngPoint({ eastingM: 700_000.5, northingM: 180_000 })).toBe('outside_great_britain');
    expect(checkBngPoint({ eastingM: 530_000, northingM: -0.5 })).toBe('outside_great_britain');
    expect(checkBngPoint({ eastingM: 530_000, northingM: 1_300_000.5 })).toBe('outside_great_britain');
  });

  it('rejects numbers that are not coordinates', () => {
    expect(checkBngPoint({ eastingM: Number.NaN, northingM: 180_000 })).toBe('outside_great_britain');
    expect(checkBngPoint({ eastingM: 530_000, northingM: Number.POSITIVE_INFINITY })).toBe('outside_great_britain');
  });
});

describe('checkLonLat', () => {
  it('accepts London, and the box’s edges', () => {
    expect(checkLonLat(51.5072, -0.1276)).toBeNull();
    expect(checkLonLat(49.8, -8.7)).toBeNull();
    expect(checkLonLat(60.9, 1.8)).toBeNull();
  });

  it('rejects just outside each edge', () => {
    expect(checkLonLat(49.79, -0.1)).toBe('outside_great_britain');
    expect(checkLonLat(60.91, -0.1)).toBe('outside_great_britain');
    expect(checkLonLat(51.5, -8.71)).toBe('outside_great_britain');
    expect(checkLonLat(51.5, 1.81)).toBe('outside_great_britain');
  });

  it('names a swapped pair: London given as (lat = −0.13, lon = 51.51)', () => {
    expect(checkLonLat(-0.1276, 51.5072)).toBe('latlon_swapped');
    expect(checkLonLat(1.8, 60.9)).toBe('latlon_swapped');
    expect(checkLonLat(1.81, 51.5)).toBe('outside_great_britain');
  });

  it('rejects places abroad and non-numbers', () => {
    expect(checkLonLat(48.8566, 2.3522)).toBe('outside_great_britain'); // Paris
    expect(checkLonLat(0, 0)).toBe('outside_great_britain');
    expect(checkLonLat(Number.NaN, -0.1)).toBe('outside_great_britain');
  });
});

describe('looksLikeBngCoordinates', () => {
  it('recognises grid metres', () => {
    expect(looksLikeBngCoordinates([540_291, 530_043], [168_873, 180_358])).toBe(true);
  });

  it('does not take degrees for metres, in either order', () => {
    expect(looksLikeBngCoordinates([-0.1276, 0.0154], [51.5072, 51.4015])).toBe(false);
    expect(looksLikeBngCoordinates([51.5072], [-0.1276])).toBe(false);
  });

  it('needs every pair inside the grid and at least one value past 1 km', () => {
    expect(looksLikeBngCoordinates([540_291, 800_000], [168_873, 168_873])).toBe(false);
    expect(looksLikeBngCoordinates([540_291, 12], [168_873, 50])).toBe(false);
    expect(looksLikeBngCoordinates([1_001], [0])).toBe(true);
    expect(looksLikeBngCoordinates([1_000], [1_000])).toBe(false);
  });

  it('says no to empty or ragged columns', () => {
    expect(looksLikeBngCoordinates([], [])).toBe(false);
    expect(looksLikeBngCoordinates([540_291], [])).toBe(false);
  });
});
