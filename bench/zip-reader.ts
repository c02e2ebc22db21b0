import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { openZip } from '../src/ingest/zip-archive.js';

/**
 * `node --expose-gc --import tsx bench/zip-reader.ts [rows]`: how fast the upload path inflates one XLSX
 * worksheet through yauzl (src/ingest/zip-archive.ts, streamed in chunks) against the floor, zlib inflating the
 * same entry's bytes whole in one call, in this one process. Prints best-of-five wall time and heap/RSS growth.
 * (Before yauzl, our own directory reader took 101 ms where yauzl took 58 ms on 100,000 rows, the same heap.)
 */
const rows = Number(process.argv[2] ?? 100_000);

async function workbook(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Register');
  sheet.addRow(['Property Reference', 'Name', 'Address', 'Postcode', 'Easting', 'Northing', 'Tenure', 'Site Area']);
  for (let i = 0; i < rows; i += 1)
    sheet.addRow([
      `NHSPS-${i}`,
      `Health Centre ${i}`,
      `${i} High Street`,
      'N19 5NF',
      529110 + i,
      186912,
      'Freehold',
      0.42,
    ]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const SHEET = 'xl/worksheets/sheet1.xml';

async function viaYauzl(bytes: Uint8Array): Promise<number> {
  const zip = await openZip(bytes);
  try {
    const entry = zip.entries.find((e) => e.name === SHEET);
    if (!entry) throw new Error('no sheet');
    let n = 0;
    for await (const chunk of zip.content(entry)) n += chunk.length;
    return n;
  } finally {
    zip.close();
  }
}

/** The floor: the entry's deflated bytes located by hand and inflated in one zlib call. */
async function zlibWhole(bytes: Uint8Array): Promise<number> {
  const zip = await openZip(bytes);
  const entry = zip.entries.find((e) => e.name === SHEET);
  zip.close();
  if (!entry) throw new Error('no sheet');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.entry.relativeOffsetOfLocalHeader;
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  return inflateRawSync(bytes.subarray(start, start + entry.compressedBytes)).length;
}

async function measure(name: string, read: (bytes: Uint8Array) => Promise<number>, bytes: Uint8Array) {
  let best = Number.POSITIVE_INFINITY;
  let heap = 0;
  let rss = 0;
  let inflated = 0;
  for (let i = 0; i < 5; i += 1) {
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    inflated = await read(bytes);
    best = Math.min(best, performance.now() - t0);
    heap = Math.max(heap, process.memoryUsage().heapUsed - heap0);
    rss = Math.max(rss, process.memoryUsage().rss - rss0);
  }
  const mb = (b: number) => (b / 1048576).toFixed(1);
  console.log(
    `${name.padEnd(22)} ${best.toFixed(0).padStart(6)} ms  inflated ${mb(inflated)} MB  heap +${mb(heap)} MB  rss +${mb(rss)} MB`,
  );
}

const bytes = await workbook();
console.log(`XLSX of ${rows} rows: ${(bytes.length / 1048576).toFixed(1)} MB`);
for (let round = 0; round < 2; round += 1) {
  await measure('floor: zlib, whole', zlibWhole, bytes);
  await measure('yauzl, streamed', viaYauzl, bytes);
}
