import type { CaseFact, FactDocument } from '../domain/case-events.js';
import type { Role } from '../domain/roles.js';
import { caseRow } from '../db/cases.js';
import { storedCaseDocument, storeCaseDocument, type StoredDocument } from '../db/case-documents.js';
import type { Db, Executor } from '../db/connect.js';
import { EstatesError } from '../errors.js';
import { appendToCase, loadCase, type LoadedCase } from './case-record.js';

/**
 * A fact a guard needs, with the document it rests on. The file itself comes either with the
 * fact (the CLI: stored in the transaction that appends the fact, so a refused fact leaves no
 * file behind) or stored beforehand with the case (the API: a multipart upload, then the fact
 * names its sha256). Either way the event names the file by its sha256.
 */

export interface FactInput {
  fact: CaseFact;
  document?: { reference: string; file?: { filename: string; bytes: Buffer }; storedSha256?: string };
  actor: string;
  role: Role;
  reason: string;
}

/** Stores a file with a case before a fact cites it (the same bytes twice are one file). */
export async function storeFactDocument(
  db: Db,
  caseId: number,
  file: { filename: string; bytes: Buffer },
  storedBy: string,
): Promise<StoredDocument> {
  return db.transaction().execute(async (trx) => {
    await caseRow(trx, caseId);
    return storeCaseDocument(trx, caseId, file, storedBy);
  });
}

async function documentFile(
  trx: Executor,
  caseId: number,
  given: NonNullable<FactInput['document']>,
  actor: string,
): Promise<StoredDocument | undefined> {
  if (given.file) return storeCaseDocument(trx, caseId, given.file, actor);
  if (given.storedSha256 === undefined) return undefined;
  const stored = await storedCaseDocument(trx, caseId, given.storedSha256);
  if (!stored)
    throw new EstatesError(
      'bad_input',
      `case ${caseId} has no stored document with sha256 ${given.storedSha256}: upload the file to the case first`,
    );
  return stored;
}

export async function recordFact(
  db: Db,
  caseId: number,
  input: FactInput,
  now: Date,
  expectedVersion?: number,
): Promise<LoadedCase> {
  return db.transaction().execute(async (trx) => {
    const loaded = await loadCase(trx, caseId);
    const given = input.document;
    const file = given ? await documentFile(trx, caseId, given, input.actor) : undefined;
    const document: FactDocument | undefined = given
      ? { reference: given.reference, ...(file ? { file } : {}) }
      : undefined;
    const request = {
      kind: 'record_fact' as const,
      fact: input.fact,
      ...(document ? { document } : {}),
      actor: input.actor,
      role: input.role,
      reason: input.reason,
    };
    return appendToCase(trx, loaded, request, now, expectedVersion);
  });
}
