import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { RowOutcome } from '../../../src/ingest/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

/** The team's real public data, read in place (never copied into the repo). */
export const sharedData = (file: string): Buffer =>
  readFileSync(path.join(process.env.SHARED_DATA_DIR ?? path.resolve(repo, '../shared/data'), file));

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
export const csvRows = (bytes: Uint8Array): string[][] => parse(Buffer.from(bytes), { relax_column_count: true, bom: true }) as string[][];
