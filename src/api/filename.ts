import { EstatesError } from '../errors.js';

const MAX_FILENAME_CHARS = 200;

/**
 * The name an upload is kept under: the last path segment only, with control characters and
 * path separators removed. A name that tries to climb directories ("..") is refused outright:
 * it is no mistake a browser makes.
 */
export function safeFilename(given: string): string {
  const segments = given.split(/[/\\]+/);
  if (segments.some((s) => s.trim() === '..'))
    throw new EstatesError('bad_input', 'the file name may not contain ".." path segments');
  // Control characters (C0, DEL, C1) never belong in a stored file name.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const base = (segments[segments.length - 1] ?? '').replace(/[\u0000-\u001f\u007f-\u009f/\\]/g, '').trim();
  const name = base.slice(0, MAX_FILENAME_CHARS);
  return name === '' || name === '.' ? 'upload' : name;
}
