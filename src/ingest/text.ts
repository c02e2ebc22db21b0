/**
 * Text files arrive as UTF-8 (with or without a byte-order mark) or as Windows-1252 / Latin-1 (ODS files,
 * older ERIC years, Excel's "CSV" on Windows). A file that is valid UTF-8 is read as UTF-8; anything else
 * as Windows-1252, which (as WHATWG's "latin1") also covers ISO-8859-1.
 */
export type TextEncoding = 'utf-8' | 'windows-1252';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** Decoding in slices keeps memory bounded whatever the file's size. */
const SLICE_BYTES = 64 * 1024;

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((b, i) => bytes[i] === b);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      decoder.decode(bytes.subarray(at, at + SLICE_BYTES), { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    // A decoding failure is the answer we were asking for, not an error.
    return false;
  }
}

export function detectEncoding(bytes: Uint8Array): TextEncoding {
  return hasUtf8Bom(bytes) || isValidUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/** The file's text in slices, byte-order mark dropped; a character split across slices is kept whole. */
export function* decodeText(bytes: Uint8Array, encoding = detectEncoding(bytes)): Generator<string> {
  const body = hasUtf8Bom(bytes) ? bytes.subarray(UTF8_BOM.length) : bytes;
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  for (let at = 0; at < body.length; at += SLICE_BYTES) {
    const text = decoder.decode(body.subarray(at, at + SLICE_BYTES), { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** The whole text at once, for formats that must be parsed whole (GeoJSON). */
export function decodeWholeText(bytes: Uint8Array): string {
  return [...decodeText(bytes)].join('');
}
