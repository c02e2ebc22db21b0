import type { CaseFact, FactDocument } from '../domain/case-events.js';
import type { Role } from '../domain/roles.js';
import { storeCaseDocument } from '../db/case-documents.js';
import type { Db } from '../db/connect.js';
import { appendToCase, loadCase, type LoadedCase } from './case-record.js';

/**
 * A fact a guard needs, with the document it rests on. An attached file is stored in the
 * transaction that appends the fact, so a refused fact leaves no file behind, and the event
 * names the file by its sha256.
 */

export interface FactInput {
  fact: CaseFact;
  document?: { reference: string; file?: { filename: string; bytes: Buffer } };
  actor: string;
  role: Role;
  reason: string;
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
    const file = given?.file ? await storeCaseDocument(trx, caseId, given.file, input.actor) : undefined;
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
