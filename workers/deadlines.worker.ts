import type { Job } from 'bullmq';
import { raiseEscalations } from '../src/cases/escalations.js';
import { parsePayload, type JobResult } from '../src/jobs/registry.js';
import { logger } from '../src/log.js';
import type { WorkerDeps } from './processor.js';

const log = logger('deadlines');

/** The instant a day's check is judged at: midday in London, so a retry later that day judges the same. */
export const deadlineCheckInstant = (day: string): Date => new Date(`${day}T12:00:00Z`);

/**
 * The daily deadline check: raises an escalation for every open case past its stage's deadline.
 * The scheduled tick carries no day and checks today; an enqueued job names its day.
 */
export async function checkDeadlines(
  job: Pick<Job, 'data'>,
  { db }: Pick<WorkerDeps, 'db'>,
): Promise<JobResult<'deadlines'>> {
  const { day } = parsePayload('deadlines', job.data);
  const now = day ? deadlineCheckInstant(day) : new Date();
  const { overdue, raised } = await raiseEscalations(db, now);
  if (raised.length > 0)
    log.info({ day: now.toISOString().slice(0, 10), overdue, raised: raised.length }, 'escalations raised');
  return { day: now.toISOString().slice(0, 10), overdue, raised: raised.length };
}
