import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { FileUnreadable } from './file-unreadable.js';

/**
 * A zip read through its central directory, from bytes already in memory. XLSX files are zips; reading the directory
 * (not scanning local headers as a stream, as exceljs's reader does) finds every entry whatever order the writer
 * chose and whether or not it wrote sizes ahead of the data.
 */
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end-of-central-directory record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH_BYTES = 22 + 0xffff;
export const STORED = 0;
export const DEFLATED = 8;
const SLICE_BYTES = 64 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  compressedBytes: number;
  declaredBytes: number;
  localHeaderAt: number;
  centralHeaderAt: number;
}

export const notAZip = (why: string): FileUnreadable =>
  new FileUnreadable(`the file starts like an XLSX workbook (a zip) but cannot be opened: ${why}`);

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - EOCD_SEARCH_BYTES);
  for (let at = view.byteLength - 22; at >= lowest; at -= 1) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  throw notAZip('no zip directory at its end (truncated upload?)');
}

export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.byteLength < 22) throw notAZip('it is too short');
  const eocd = findEndOfCentralDirectory(view);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
      throw notAZip('its directory is damaged');
    const nameBytes = view.getUint16(at + 28, true);
    const extraBytes = view.getUint16(at + 30, true);
    const commentBytes = view.getUint16(at + 32, true);
    entries.push({
      method: view.getUint16(at + 10, true),
      compressedBytes: view.getUint32(at + 20, true),
      declaredBytes: view.getUint32(at + 24, true),
      localHeaderAt: view.getUint32(at + 42, true),
      centralHeaderAt: at,
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameBytes)),
    });
    at += 46 + nameBytes + extraBytes + commentBytes;
  }
  return entries;
}

/** Where an entry's local header is, checked: its data and extra fields follow it. */
export function localHeaderOf(
  bytes: Uint8Array,
  entry: ZipEntry,
): { at: number; nameBytes: number; extraBytes: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderAt;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE)
    throw notAZip(`entry ${entry.name} is damaged`);
  return { at, nameBytes: view.getUint16(at + 26, true), extraBytes: view.getUint16(at + 28, true) };
}

/** An entry's bytes as stored (compressed or not). */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const local = localHeaderOf(bytes, entry);
  const start = local.at + 30 + local.nameBytes + local.extraBytes;
  const end = start + entry.compressedBytes;
  if (end > bytes.length) throw notAZip(`entry ${entry.name} runs past the end of the file`);
  return bytes.subarray(start, end);
}

function* slices(data: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < data.length; at += SLICE_BYTES) yield data.subarray(at, at + SLICE_BYTES);
}

/**
 * An entry's content in slices as it inflates, never whole. Stopping early (break) frees the inflater.
 * A corrupt entry is a FileUnreadable naming it.
 */
export async function* entryContent(bytes: Uint8Array, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  const data = entryData(bytes, entry);
  if (entry.method === STORED) {
    yield* slices(data);
    return;
  }
  if (entry.method !== DEFLATED)
    throw notAZip(`entry ${entry.name} uses compression method ${entry.method}, which XLSX does not`);
  const inflate = Readable.from(slices(data)).pipe(createInflateRaw());
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (cause) {
    throw new FileUnreadable(`the workbook's entry ${entry.name} is corrupt and cannot be decompressed`, { cause });
  } finally {
    inflate.destroy();
  }
}
