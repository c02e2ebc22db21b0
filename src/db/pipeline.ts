import { sql } from 'kysely';
import type { Executor } from './connect.js';

/** The estate changed: every later step keys its deterministic job id on this number. */
export async function bumpEstateVersion(trx: Executor): Promise<number> {
  const row = await trx
    .updateTable('estate_state')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function currentEstateVersion(db: Executor): Promise<number> {
  const row = await db.selectFrom('estate_state').select('version').executeTakeFirstOrThrow();
  return row.version;
}

export interface PipelineVersions {
  estate: number;
  scored: number | null;
  valued: number | null;
  ranked: number | null;
}

export async function pipelineVersions(db: Executor): Promise<PipelineVersions> {
  const result = await sql<{ estate: number; scored: number | null; valued: number | null; ranked: number | null }>`
    SELECT (SELECT version FROM estate_state) AS estate,
           (SELECT max(estate_version) FROM score_runs) AS scored,
           (SELECT max(estate_version) FROM value_runs) AS valued,
           (SELECT max(estate_version) FROM rank_runs) AS ranked
  `.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('estate_state has no row: run estates migrate');
  return row;
}

/**
 * Serialises one pipeline step across every worker process for the rest of the caller's
 * transaction: two score jobs for different versions never write at once.
 */
export async function lockStep(trx: Executor, step: 'score' | 'value' | 'rank' | 'upload-end'): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`estates-step-${step}`}))`.execute(trx);
}
