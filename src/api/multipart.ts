import type { FastifyRequest } from 'fastify';
import { EstatesError } from '../errors.js';
import { safeFilename } from './filename.js';

/**
 * The multipart parser's own failures (no boundary, a part cut off, a header line without a
 * colon) carry no status: they are the sender's malformed form, a 400, not our 500. Limits it
 * enforces (413) keep theirs.
 */
export const malformedForm = (error: unknown): unknown => {
  const status = (error as { statusCode?: number }).statusCode;
  if (error instanceof EstatesError || (status !== undefined && status < 500)) return error;
  return new EstatesError('bad_input', `the form is not well-formed multipart/form-data: ${(error as Error).message}`, {
    cause: error,
  });
};

/** A form of one file sent as "file" (an outcomes CSV, a fact's document): its safe name and bytes. */
export async function readFileForm(
  request: FastifyRequest,
  maxBytes: number,
  what: string,
): Promise<{ filename: string; bytes: Buffer }> {
  if (!request.isMultipart()) throw new EstatesError('bad_input', `send multipart/form-data with ${what} as "file"`);
  let file: { filename: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 0 } })) {
      if (part.type !== 'file' || part.fieldname !== 'file')
        throw new EstatesError('bad_input', `unexpected field "${part.fieldname}"; send ${what} as "file"`);
      file = { filename: safeFilename(part.filename), bytes: await part.toBuffer() };
    }
  } catch (error) {
    throw malformedForm(error);
  }
  if (!file) throw new EstatesError('bad_input', 'field "file" is missing');
  if (file.bytes.byteLength === 0) throw new EstatesError('bad_input', 'the file is empty');
  return file;
}
