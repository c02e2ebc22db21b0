import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { RowOutcome } from '../../../src/ingest/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

export { shippedBytes } from '../../support/shipped-data.js';

export const fixture = (file: string): Buffer => readFileSync(path.join(repo, 'test/fixtures/ingest', file));
export const example = (file: string): Buffer => readFileSync(path.join(repo, 'docs/examples', file));

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export async function collect<R>(outcomes: AsyncIterable<RowOutcome<R>>): Promise<Array<RowOutcome<R>>> {
  const all: Array<RowOutcome<R>> = [];
  for await (const o of outcomes) all.push(o);
  return all;
}

export function accepted<R>(outcome: RowOutcome<R> | undefined): R {
  if (outcome?.kind !== 'accepted') throw new Error(`expected an accepted row, got ${JSON.stringify(outcome)}`);
  return outcome.record;
}

/** A rejected row's problems as "field:code" pairs, sorted, for exact comparison. */
export function codes<R>(outcome: RowOutcome<R> | undefined): string[] {
  if (outcome?.kind !== 'rejected') throw new Error(`expected a rejected row, got ${JSON.stringify(outcome)}`);
  return outcome.problems.map((p) => `${p.field}:${p.code}`).sort();
}

/** A small XLSX written with exceljs (never a committed binary); `rows[0]` is the header. */
export async function xlsx(rows: unknown[][], options: { sheetBefore?: unknown[][] } = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  if (options.sheetBefore) workbook.addWorksheet('Notes').addRows(options.sheetBefore);
  const sheet = workbook.addWorksheet('Register');
  sheet.addRows(rows);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A CSV fixture's cells, so the same cases can be written into an XLSX. */
export const csvRows = (bytes: Uint8Array): string[][] =>
  parse(Buffer.from(bytes), { relax_column_count: true, bom: true }) as string[][];

export interface ZipPart {
  name: string;
  content: string | Uint8Array;
  /** Stored rather than deflated. */
  stored?: boolean;
  /** The uncompressed size the directory claims, when a test wants it to lie. */
  declaredBytes?: number;
}

/**
 * A zip written by hand, entries in the order given, so a test can shape what no spreadsheet program writes
 * (a lying directory, parts in any order). CRCs are left zero: readers that need them are not under test.
 */
export function zipOf(parts: ZipPart[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const content = typeof part.content === 'string' ? Buffer.from(part.content, 'utf8') : Buffer.from(part.content);
    const data = part.stored ? content : deflateRawSync(content);
    const method = part.stored ? 0 : 8;
    const declared = part.declaredBytes ?? content.length;
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
