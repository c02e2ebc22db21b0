import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { BngPoint } from '../../../geo/bng.js';
import { parse } from 'csv-parse/sync';
import { BoroughLocator } from '../../../geo/borough-locator.js';
import { geometryToBng } from '../../../geo/transform.js';
import { readUpload, type RowOutcome, type UploadRecords } from '../../../src/ingest/index.js';
import { repoPath } from '../../support/shipped-data.js';

const readShipped = (): FeatureCollection<Polygon | MultiPolygon> =>
  JSON.parse(readFileSync(repoPath('geo/data/london-boroughs.geojson'), 'utf8')) as FeatureCollection<
    Polygon | MultiPolygon
  >;

/** The borough file the product ships, as `estates demo-data` would load it. */
export function shippedLocator(): BoroughLocator {
  return BoroughLocator.fromGeoJson(readShipped());
}

/** Metres from a grid point to the nearest edge of any shipped borough polygon, by brute force over every edge. */
export function metresToNearestBorough(p: BngPoint): number {
  let nearest = Infinity;
  for (const feature of readShipped().features) {
    const g = geometryToBng(feature.geometry);
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const ring of polygons.flat()) {
      for (let i = 1; i < ring.length; i++) {
        const [ax = 0, ay = 0] = ring[i - 1] ?? [];
        const [bx = 0, by = 0] = ring[i] ?? [];
        const dx = bx - ax;
        const dy = by - ay;
        const t = Math.max(
          0,
          Math.min(1, ((p.eastingM - ax) * dx + (p.northingM - ay) * dy) / (dx * dx + dy * dy || 1)),
        );
        nearest = Math.min(nearest, Math.hypot(p.eastingM - ax - t * dx, p.northingM - ay - t * dy));
      }
    }
  }
  return nearest;
}

/** A CSV as the header names its cells, read by a parser other than the one that wrote it. */
export function csvRows(bytes: Uint8Array): Array<Record<string, string>> {
  return parse(new TextDecoder().decode(bytes), { columns: true }) as Array<Record<string, string>>;
}

export function csvHeader(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).split('\r\n', 1)[0] ?? '';
}

export async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return book;
}

/** Every outcome of an upload through the product's own adapter. */
export async function ingest<S extends 'nhsps' | 'chp' | 'survey'>(
  source: S,
  bytes: Uint8Array,
  filename: string,
): Promise<Array<RowOutcome<UploadRecords[S]>>> {
  const all: Array<RowOutcome<UploadRecords[S]>> = [];
  for await (const outcome of readUpload(source, bytes, { filename, uploadedYear: 2026 })) all.push(outcome);
  return all;
}

/** Every zip stamp (local and central), read straight from the headers. */
export function zipStamps(zip: Uint8Array): Array<{ date: number; time: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const found: Array<{ date: number; time: number }> = [];
  const eocd = zip.length - 22;
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  for (let i = 0; i < entries; i++) {
    const local = view.getUint32(at + 42, true);
    found.push({ time: view.getUint16(at + 12, true), date: view.getUint16(at + 14, true) });
    found.push({ time: view.getUint16(local + 10, true), date: view.getUint16(local + 12, true) });
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return found;
}

export const share = (count: number, total: number): number => (total === 0 ? 0 : count / total);
