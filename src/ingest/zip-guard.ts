import { FileUnreadable } from './file-unreadable.js';
import { openZip } from './zip-archive.js';

/**
 * An XLSX file is a zip; a few kilobytes can inflate to gigabytes (a zip bomb). Before the workbook is read we
 * inflate every entry once, counting and discarding the output, and refuse the file once the total passes the
 * limit. Counting real output, not the sizes the zip declares, because a bomb can declare anything.
 */
const tooLarge = (limit: number): FileUnreadable =>
  new FileUnreadable(
    `the workbook decompresses to more than ${Math.round(limit / (1024 * 1024))} MB, the limit for one upload; split it or save it as CSV`,
  );

/** Throws FileUnreadable when the zip is damaged or inflates past `limitBytes`. */
export async function assertZipWithinLimit(bytes: Uint8Array, limitBytes: number): Promise<void> {
  const zip = await openZip(bytes);
  try {
    const declared = zip.entries.reduce((sum, e) => sum + e.declaredBytes, 0);
    if (declared > limitBytes) throw tooLarge(limitBytes);
    let total = 0;
    for (const entry of zip.entries) {
      for await (const slice of zip.content(entry)) {
        total += slice.length;
        if (total > limitBytes) throw tooLarge(limitBytes);
      }
    }
  } finally {
    zip.close();
  }
}
