import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileUnreadable, readUpload } from '../../../src/ingest/index.js';
import { collect, utf8, xlsx } from './support.js';

type TabularUpload = 'nhsps' | 'chp' | 'survey' | 'eric';

const HEADERS: Record<TabularUpload, string[]> = {
  nhsps: [
    'Property Reference',
    'Property Name',
    'Postcode',
    'Easting',
    'Northing',
    'Tenure',
    'Site Area (ha)',
    'GIA (m2)',
    'Occupancy (%)',
    'Year Built',
    'Listed Building',
    'Annual Running Cost (GBP)',
  ],
  chp: [
    'Building ID',
    'Postcode',
    'Latitude',
    'Longitude',
    'GIA (m2)',
    'Site Area (ha)',
    'Opened',
    'Lease Expiry',
    'Void (%)',
    'Tenure',
  ],
  survey: [
    'Site Reference',
    'Block',
    'Survey Date',
    'GIA (m2)',
    'Year Built',
    'Physical Condition',
    'Functional Suitability',
    'Space Utilisation',
    'Backlog High (GBP)',
  ],
  eric: [
    'Organisation Code',
    'Site Code',
    'Site Type',
    'Gross internal floor area (m²)',
    'Land area owned (Hectares)',
    'Floor area - empty (%)',
    'Cost to eradicate high risk backlog (£)',
  ],
};

/** Plausible values, near-misses and noise: what a mutated register row holds. */
const cell = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'N/A',
    'Not Applicable',
    'AGGRE',
    'Aggregate Site',
    'P-1',
    'P-1',
    'E1 1BB',
    'e16an',
    'XYZ',
    '529110',
    '186912',
    '900000',
    '51.5',
    '-0.06',
    '-0.1',
    '0',
    '100',
    '100.5',
    '1e999',
    '-1',
    '£1,234.50',
    '12,5',
    'Freehold',
    'Rented',
    'II*',
    'III',
    'A',
    'B(C)',
    'X',
    'E',
    'Fully used',
    'Half',
    '15/09/2006',
    '31/02/2006',
    '2006-09-15',
    '38975',
    '1700',
    '2101',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.double({ noNaN: false }).map(String),
);

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
const toCsv = (rows: string[][]): string => rows.map((r) => r.map(quote).join(',')).join('\r\n');
const nonBlank = (rows: string[][]): number => rows.filter((r) => r.some((c) => c.trim() !== '')).length;
/**
 * Cells as a workbook can hold them. XLSX is XML 1.0, which has no control characters (bar tab and line ends) and
 * no U+FFFE/U+FFFF; exceljs drops the controls and DEL as it writes, would write the two non-characters into a file
 * nothing can read, and writes a lone surrogate as U+FFFD. Without this, "\u0000" is a non-blank row in the test
 * but a blank one in the file.
 */
const asWorkbookCells = (rows: string[][]): string[][] =>
  rows.map((r) =>
    r.map((c) =>
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot hold these, so a workbook cannot either
      c.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '').replace(/\p{Cs}/gu, '\uFFFD'),
    ),
  );

async function outcomesOrUnreadable(
  source: TabularUpload,
  bytes: Uint8Array,
): Promise<{ rows: number[]; accepted: number; rejected: number } | 'unreadable'> {
  try {
    const outcomes = await collect(readUpload(source, bytes, { uploadedYear: 2026, filename: 'fuzz' }));
    return {
      rows: outcomes.map((o) => o.row),
      accepted: outcomes.filter((o) => o.kind === 'accepted').length,
      rejected: outcomes.filter((o) => o.kind === 'rejected').length,
    };
  } catch (e) {
    if (e instanceof FileUnreadable) return 'unreadable';
    throw e;
  }
}

const source = fc.constantFrom<TabularUpload>('nhsps', 'chp', 'survey', 'eric');
const rowsFor = (width: number) => fc.array(fc.array(cell, { minLength: 0, maxLength: width + 2 }), { maxLength: 25 });

describe('every row gives exactly one outcome', () => {
  it('CSV: accepted + rejected = non-empty rows read, row numbers rising, nothing thrown', async () => {
    await fc.assert(
      fc.asyncProperty(
        source,
        fc.integer({ min: 0, max: 12 }).chain((w) => rowsFor(w)),
        async (s, rows) => {
          const result = await outcomesOrUnreadable(s, utf8(toCsv([HEADERS[s], ...rows])));
          expect(result).not.toBe('unreadable');
          if (result === 'unreadable') return;
          expect(result.accepted + result.rejected).toBe(nonBlank(rows));
          expect(result.rows).toEqual([...result.rows].sort((a, b) => a - b));
          expect(new Set(result.rows).size).toBe(result.rows.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('XLSX: the same', async () => {
    await fc.assert(
      fc.asyncProperty(source, rowsFor(10).map(asWorkbookCells), async (s, rows) => {
        const result = await outcomesOrUnreadable(s, await xlsx([HEADERS[s], ...rows]));
        expect(result).not.toBe('unreadable');
        if (result !== 'unreadable') expect(result.accepted + result.rejected).toBe(nonBlank(rows));
      }),
      { numRuns: 200 },
    );
    // Writing the workbooks with exceljs is most of the time: 200 take ~2 s alone, more on two shared cores.
  }, 120_000);

  it('a random header is read or refused as FileUnreadable, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(
        source,
        fc.array(fc.oneof(cell, fc.constantFrom(...Object.values(HEADERS).flat())), { maxLength: 8 }),
        rowsFor(8),
        async (s, header, rows) => {
          const result = await outcomesOrUnreadable(s, utf8(toCsv([header, ...rows])));
          if (result !== 'unreadable') expect(result.accepted + result.rejected).toBeLessThanOrEqual(rows.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('GeoJSON: one outcome per feature, whatever its properties and geometry hold', async () => {
    const position = fc.tuple(
      fc.oneof(fc.double({ min: -1e6, max: 1e6 }), fc.constantFrom(529000, 529010, -0.06, 51.5)),
      fc.oneof(fc.double({ min: -1e6, max: 1e6 }), fc.constantFrom(186900, 186910, 51.5, -0.06)),
    );
    const ring = fc.array(position, { maxLength: 6 });
    const geometry = fc.oneof(
      fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(ring, { maxLength: 2 }) }),
      fc.record({
        type: fc.constant('MultiPolygon'),
        coordinates: fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }),
      }),
      fc.anything(),
    );
    const feature = fc.record({
      type: fc.constant('Feature'),
      properties: fc.oneof(fc.record({ ref: cell }), fc.anything()),
      geometry,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(feature, { maxLength: 8 }),
        fc.constantFrom<'EPSG:27700' | 'EPSG:4326'>('EPSG:27700', 'EPSG:4326'),
        async (features, crs) => {
          const bytes = utf8(JSON.stringify({ type: 'FeatureCollection', features }));
          try {
            const outcomes = await collect(
              readUpload('boundaries', bytes, { uploadedYear: 2026, filename: 'fuzz.geojson', crs }),
            );
            expect(outcomes.map((o) => o.row)).toEqual(features.map((_, i) => i + 1));
          } catch (e) {
            if (!(e instanceof FileUnreadable)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
