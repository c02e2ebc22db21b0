import type { Job } from 'bullmq';
import type { Config } from '../src/config.js';
import type { Db } from '../src/db/connect.js';
import type { JobName, JobResult } from '../src/jobs/registry.js';

/** What every processor gets: the database and configuration; nothing kept between jobs. */
export interface WorkerDeps {
  db: Db;
  config: Config;
  /** Tells the outbox relay a step just committed follow-on work. */
  nudgeRelay: () => void;
}

/** A job's data is parsed by the processor (old jobs may not match today's payload types); its result is typed. */
export type Processor<N extends JobName> = (job: Job, deps: WorkerDeps) => Promise<JobResult<N>>;
export type ProcessorMap = { [N in JobName]: Processor<N> };
