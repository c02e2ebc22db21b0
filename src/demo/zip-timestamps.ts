/**
 * Zip archivers stamp every entry with the time it was added, so an XLSX (a zip) written twice differs by a
 * few bytes even from identical sheets. Rewriting the stamps after the fact is the only lever: exceljs gives no
 * per-entry date. A stamp is a DOS time and date (2-second resolution, no zone) in the entry's local header and
 * again in the central directory; neither is covered by a CRC, so changing them leaves the archive valid.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
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

function endOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535, so it starts within that distance of the end.
  const earliest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= earliest; at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new RangeError('not a zip: no end of central directory record');
}

function refuseTimeExtras(view: DataView, start: number, length: number, entry: number): void {
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    if (TIME_EXTRA_FIELDS.has(id)) throw new RangeError(`zip entry ${entry} carries a second timestamp (extra field 0x${id.toString(16)})`);
    at += 4 + view.getUint16(at + 2, true);
  }
}

/** Sets every entry's stamp, local and central, to one instant, in place; returns the same bytes. */
export function stampZipEntries(zip: Uint8Array, instant: Date): Uint8Array {
  const { date, time } = dosDateTime(instant);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = endOfCentralDirectory(view);
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  for (let entry = 0; entry < entries; entry++) {
    if (view.getUint32(at, true) !== CENTRAL_HEADER) throw new RangeError(`zip central directory entry ${entry} is damaged`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== LOCAL_HEADER) throw new RangeError(`zip entry ${entry} has no local header`);
    refuseTimeExtras(view, at + 46 + nameLength, extraLength, entry);
    refuseTimeExtras(view, local + 30 + view.getUint16(local + 26, true), view.getUint16(local + 28, true), entry);
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, date, true);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return zip;
}
