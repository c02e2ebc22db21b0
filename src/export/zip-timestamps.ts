/**
 * Zip archivers stamp every entry with the time it was added, so an XLSX (a zip) written twice differs by a
 * few bytes even from identical sheets. Rewriting the stamps after the fact is the only lever: exceljs gives no
 * per-entry date. A stamp is a DOS time and date (2-second resolution, no zone) in the entry's local header and
 * again in the central directory; neither is covered by a CRC, so changing them leaves the archive valid.
 */

/** Extra fields that carry a second copy of the time (extended timestamp, NTFS, Info-ZIP Unix). */
const TIME_EXTRA_FIELDS = new Set([0x5455, 0x000a, 0x5855]);

export interface DosDateTime {
  date: number;
  time: number;
}

/** The DOS stamp of a UTC instant, to the even second below it. */
export function dosDateTime(instant: Date): DosDateTime {
  const year = instant.getUTCFullYear();
  if (year < 1980 || year > 2107) throw new RangeError(`a zip cannot stamp the year ${year}`);
  return {
    date: ((year - 1980) << 9) | ((instant.getUTCMonth() + 1) << 5) | instant.getUTCDate(),
    time: (instant.getUTCHours() << 11) | (instant.getUTCMinutes() << 5) | (instant.getUTCSeconds() >> 1),
  };
}

function refuseTimeExtras(view: DataView, start: number, length: number, entry: number): void {
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    if (TIME_EXTRA_FIELDS.has(id))
      throw new RangeError(`zip entry ${entry} carries a second timestamp (extra field 0x${id.toString(16)})`);
    at += 4 + view.getUint16(at + 2, true);
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/**
 * Each entry's central and local header offsets. Our own walk because this rewrites bytes in place; reading
 * uploads goes through yauzl (src/ingest/zip-archive.ts). The zips stamped here are the ones we just wrote
 * (no archive comment), so the end record is the last 22 bytes.
 */
function headerOffsets(view: DataView): Array<{ central: number; local: number }> {
  const eocd = view.byteLength - 22;
  if (eocd < 0 || view.getUint32(eocd, true) !== EOCD_SIGNATURE)
    throw new RangeError('no zip directory at its end (not a zip we wrote)');
  const offsets: Array<{ central: number; local: number }> = [];
  let central = view.getUint32(eocd + 16, true);
  for (let i = view.getUint16(eocd + 10, true); i > 0; i -= 1) {
    if (view.getUint32(central, true) !== CENTRAL_SIGNATURE) throw new RangeError('zip directory damaged');
    const local = view.getUint32(central + 42, true);
    if (view.getUint32(local, true) !== LOCAL_SIGNATURE) throw new RangeError('zip entry damaged');
    offsets.push({ central, local });
    central +=
      46 + view.getUint16(central + 28, true) + view.getUint16(central + 30, true) + view.getUint16(central + 32, true);
  }
  return offsets;
}

/** Sets every entry's stamp, local and central, to one instant, in place; returns the same bytes. */
export function stampZipEntries(zip: Uint8Array, instant: Date): Uint8Array {
  const { date, time } = dosDateTime(instant);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  headerOffsets(view).forEach(({ central, local }, index) => {
    refuseTimeExtras(
      view,
      central + 46 + view.getUint16(central + 28, true),
      view.getUint16(central + 30, true),
      index,
    );
    refuseTimeExtras(view, local + 30 + view.getUint16(local + 26, true), view.getUint16(local + 28, true), index);
    view.setUint16(central + 12, time, true);
    view.setUint16(central + 14, date, true);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
  });
  return zip;
}
