import yauzl from 'yauzl';
import { FileUnreadable } from './file-unreadable.js';

/**
 * A zip (an XLSX workbook) read from bytes already in memory through yauzl, which reads the central directory:
 * every entry is found whatever order the writer chose and whether or not it wrote sizes ahead of the data (the
 * stream scanning exceljs does missed late entries). yauzl checks each entry's inflated size against the one it
 * declares, so a lying entry fails as it inflates. Measured beside the directory reader it replaced
 * (bench/zip-reader.ts, one 100,000-row sheet, 31 MB inflated): 58 ms against 101 ms, the same heap.
 */
export interface ZipEntry {
  name: string;
  compressedBytes: number;
  declaredBytes: number;
  entry: yauzl.Entry;
}

export interface ZipArchive {
  entries: readonly ZipEntry[];
  /** An entry's content in chunks as it inflates, never whole; stopping early (break) frees the inflater. */
  content(entry: ZipEntry): AsyncGenerator<Uint8Array>;
  close(): void;
}

export const notAZip = (why: string): FileUnreadable =>
  new FileUnreadable(`the file starts like an XLSX workbook (a zip) but cannot be opened: ${why}`);

const opened = (bytes: Uint8Array): Promise<yauzl.ZipFile> =>
  new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, autoClose: false },
      (e, zip) => (e ? reject(notAZip(e.message)) : resolve(zip)),
    ),
  );

function allEntries(zip: yauzl.ZipFile): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: ZipEntry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push({
        name: entry.fileName,
        compressedBytes: entry.compressedSize,
        declaredBytes: entry.uncompressedSize,
        entry,
      });
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (e: Error) => reject(notAZip(e.message)));
    zip.readEntry();
  });
}

const readStream = (zip: yauzl.ZipFile, entry: ZipEntry): Promise<NodeJS.ReadableStream & { destroy(): void }> =>
  new Promise((resolve, reject) =>
    zip.openReadStream(entry.entry, (e, stream) =>
      e ? reject(notAZip(`entry ${entry.name}: ${e.message}`)) : resolve(stream),
    ),
  );

/** Opens the zip and lists its entries; a damaged zip is a FileUnreadable saying why. */
export async function openZip(bytes: Uint8Array): Promise<ZipArchive> {
  const zip = await opened(bytes);
  let entries: ZipEntry[];
  try {
    entries = await allEntries(zip);
  } catch (e) {
    zip.close();
    throw e;
  }
  return {
    entries,
    async *content(entry) {
      const stream = await readStream(zip, entry);
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (cause) {
        // yauzl counts what inflates against the size the directory declares: a zip bomb's lie ends here.
        const lie = /too many bytes|not enough bytes/.test((cause as Error).message);
        throw new FileUnreadable(
          lie
            ? `the workbook's entry ${entry.name} inflates to a different size than its zip directory declares (a damaged or hostile file)`
            : `the workbook's entry ${entry.name} is corrupt and cannot be decompressed`,
          { cause },
        );
      } finally {
        stream.destroy();
      }
    },
    close: () => zip.close(),
  };
}
