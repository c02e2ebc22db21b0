import { sql } from 'kysely';
import { jobIdFor, type JobName, type Payload } from '../jobs/registry.js';
import type { Executor } from './connect.js';

/**
 * Writes a follow-on job in the caller's transaction: the job exists exactly when the change
 * that caused it was committed. A pending row with the same job id is not written twice.
 * Returns the job's id.
 */
export async function addToOutbox<N extends JobName>(trx: Executor, name: N, payload: Payload<N>): Promise<string> {
  const jobId = jobIdFor(name, payload);
  await sql`
    INSERT INTO outbox (job_name, job_id, payload)
    SELECT ${name}, ${jobId}, ${JSON.stringify(payload)}::jsonb
    WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE job_id = ${jobId} AND delivered_at IS NULL)
  `.execute(trx);
  return jobId;
}

export interface OutboxEntry {
  id: string;
  job_name: JobName;
  job_id: string;
  payload: Record<string, unknown>;
}

/**
 * Claims undelivered rows in id order. SKIP LOCKED lets several relays (one per process)
 * run at once without taking the same rows; the lock lasts until the caller's transaction ends.
 */
export async function claimOutbox(trx: Executor, limit: number): Promise<OutboxEntry[]> {
  const result = await sql<OutboxEntry>`
    SELECT id, job_name, job_id, payload FROM outbox
    WHERE delivered_at IS NULL
    ORDER BY id
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED
  `.execute(trx);
  return result.rows;
}

export async function markDelivered(trx: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('outbox').set({ delivered_at: new Date() }).where('id', 'in', ids).execute();
}
