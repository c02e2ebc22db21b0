import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReceivedFile } from '../db/uploads.js';

/**
 * An uploaded file written to a private temporary folder as it arrives, its sha256 and size
 * taken on the way: the API holds one chunk of it at a time, never the file (three 95 MB
 * uploads held whole took it to 968 MB). `discard` removes the folder, stored or not.
 */
export async function receiveToDisk(file: Readable): Promise<ReceivedFile & { discard(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'estates-upload-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  const filePath = path.join(dir, 'file');
  const digest = createHash('sha256');
  let sizeBytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(file, measure, createWriteStream(filePath, { mode: 0o600 }));
  } catch (error) {
    await discard();
    throw error;
  }
  return { path: filePath, sha256: digest.digest('hex'), sizeBytes, discard };
}
