import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { EstatesError } from '../errors.js';

const GZIP_MAGIC = [0x1f, 0x8b];

export interface InputFile {
  /** The file's name as the user knows its content: `.gz` dropped when it was compressed. */
  name: string;
  bytes: Buffer;
}

/**
 * A file named on the command line, decompressed as it streams in when it is gzip (national directories and the
 * project's own data/reference files come compressed). Gzip is known by its first bytes, never the name.
 */
export async function readInputFile(file: string): Promise<InputFile> {
  const cannotRead = (e: NodeJS.ErrnoException): never => {
    throw new EstatesError('bad_input', `cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, {
      cause: e,
    });
  };
  const first = Buffer.alloc(GZIP_MAGIC.length);
  const handle = await open(file, 'r').catch(cannotRead);
  try {
    await handle.read(first, 0, first.length, 0).catch(cannotRead);
  } finally {
    await handle.close();
  }
  const gzip = GZIP_MAGIC.every((b, i) => first[i] === b);
  const chunks: Buffer[] = [];
  const stream = gzip ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
  } catch (e) {
    if (!gzip) cannotRead(e as NodeJS.ErrnoException);
    throw new EstatesError('bad_input', `${file} starts as gzip but does not decompress: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const base = path.basename(file);
  return { name: gzip ? base.replace(/\.gz$/i, '') : base, bytes: Buffer.concat(chunks) };
}
