import { createHash } from 'node:crypto';
import type { Executor } from './connect.js';

/** Files attached to facts on a case record, stored once per case and named by their sha256. */

export interface StoredDocument {
  filename: string;
  sha256: string;
  sizeBytes: number;
}

/** Stores a file for a case (the same bytes twice are one row) and says how the fact names it. */
export async function storeCaseDocument(
  trx: Executor,
  caseId: number,
  file: { filename: string; bytes: Buffer },
  storedBy: string,
): Promise<StoredDocument> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  await trx
    .insertInto('case_documents')
    .values({
      case_id: caseId,
      sha256,
      filename: file.filename,
      size_bytes: file.bytes.byteLength,
      bytes: file.bytes,
      stored_by: storedBy,
    })
    .onConflict((oc) => oc.columns(['case_id', 'sha256']).doNothing())
    .execute();
  return { filename: file.filename, sha256, sizeBytes: file.bytes.byteLength };
}

/** How a stored file is named on a fact, without its bytes; null when the case holds no such file. */
export async function storedCaseDocument(db: Executor, caseId: number, sha256: string): Promise<StoredDocument | null> {
  const row = await db
    .selectFrom('case_documents')
    .select(['filename', 'sha256', 'size_bytes'])
    .where('case_id', '=', caseId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row ? { filename: row.filename, sha256: row.sha256, sizeBytes: row.size_bytes } : null;
}

export async function caseDocument(
  db: Executor,
  caseId: number,
  sha256: string,
): Promise<(StoredDocument & { bytes: Buffer }) | null> {
  const row = await db
    .selectFrom('case_documents')
    .select(['filename', 'sha256', 'size_bytes', 'bytes'])
    .where('case_id', '=', caseId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row ? { filename: row.filename, sha256: row.sha256, sizeBytes: row.size_bytes, bytes: row.bytes } : null;
}
