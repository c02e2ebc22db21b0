import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { EstatesError } from '../errors.js';

/**
 * The real public files the project ships for its tests, demo and benchmarks (data/reference/, gzip-compressed,
 * attribution in NOTICE). Each read is checked against the manifest's sha256 of the file as published, so a file
 * damaged or swapped in the checkout fails the code that reads it, by name, instead of testing against the wrong
 * data.
 */
export const SHIPPED_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/reference');

export type ShippedFileName =
  | 'codepoint_open_2018_london.csv'
  | 'eric_2016_17_site_data_london.csv'
  | 'london_boroughs_gla_2011.geojson'
  | 'london_msoa_2011_gen_wgs84.geojson'
  | 'naptan_rail_references_2014_london.csv'
  | 'ods_etrust_2018_london.csv';

export interface ShippedFile {
  /** The file in data/reference/, as stored (gzip). */
  file: string;
  /** The name the publication's file had, before compression. */
  original: ShippedFileName;
  /** Size and sha256 of the file as published (decompressed). */
  bytes: number;
  sha256: string;
  title: string;
  publisher: string;
  licence: string;
  edition: string;
  attribution: string;
  trimmed: string;
}

interface Manifest {
  files: ShippedFile[];
}

let manifest: Manifest | undefined;

export function shippedFiles(manifestDir = SHIPPED_DATA_DIR): readonly ShippedFile[] {
  if (manifestDir !== SHIPPED_DATA_DIR)
    return (JSON.parse(readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8')) as Manifest).files;
  manifest ??= JSON.parse(readFileSync(path.join(SHIPPED_DATA_DIR, 'manifest.json'), 'utf8')) as Manifest;
  return manifest.files;
}

/** Where a shipped file lies, compressed: a path the `estates` loaders take as they are (they read gzip). */
export function shippedDataPath(name: ShippedFileName, dir = SHIPPED_DATA_DIR): string {
  return path.join(dir, entryOf(name, dir).file);
}

/** A shipped file's bytes as published, decompressed as they stream in and checked against the manifest. */
export async function readShippedData(name: ShippedFileName, dir = SHIPPED_DATA_DIR): Promise<Buffer> {
  const entry = entryOf(name, dir);
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path.join(dir, entry.file)).pipe(createGunzip())) {
    hash.update(chunk as Buffer);
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  const sha256 = hash.digest('hex');
  if (sha256 !== entry.sha256 || bytes.length !== entry.bytes)
    throw new EstatesError(
      'bad_input',
      `data/reference/${entry.file} does not match its manifest: sha256 ${sha256} (${bytes.length} bytes) where ` +
        `manifest.json says ${entry.sha256} (${entry.bytes} bytes); restore it with git checkout -- data/reference`,
    );
  return bytes;
}

function entryOf(name: ShippedFileName, dir: string): ShippedFile {
  const entry = shippedFiles(dir).find((f) => f.original === name);
  if (entry === undefined) throw new EstatesError('not_found', `data/reference/manifest.json lists no ${name}`);
  return entry;
}
