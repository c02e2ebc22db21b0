import type { Job } from 'bullmq';
import type { Config } from '../src/config.js';
import type { Db } from '../src/db/connect.js';
import type { JobName } from '../src/jobs/registry.js';

/** What every processor gets: the database and configuration; nothing kept between jobs. */
export interface WorkerDeps {
  db: Db;
  config: Config;
  /** Tells the outbox relay a step just committed follow-on work. */
  nudgeRelay: () => void;
}

export type Processor = (job: Job, deps: WorkerDeps) => Promise<unknown>;
export type ProcessorMap = { [N in JobName]: Processor };
