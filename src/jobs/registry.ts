import { z } from 'zod';

/**
 * Every queue, its payload schema and its deterministic job id, in one place, so the API,
 * CLI and reconciler can enqueue without loading worker code. Payloads carry ids, not records.
 * Ids start with a word and use '-': BullMQ forbids ':' and all-digit custom ids.
 */
const estateVersion = z.object({ estateVersion: z.number().int().nonnegative() });

/** Every queue's payload; a job's data is unknown until parsed by its schema (old jobs may not match today's types). */
const payloadSchemas = {
  /** Parse, validate, place and store one upload's rows. */
  ingest: z.object({ uploadId: z.number().int().positive() }),
  /** Condition and surplus scores for the whole estate as of an estate version. */
  score: estateVersion,
  /** Valuations for sites whose data, class or assumptions changed. */
  value: estateVersion,
  /** The ranked disposal list. */
  rank: estateVersion,
  /** Escalations for cases past their stage deadline on a day (yyyy-mm-dd); the daily scheduled tick omits it and means today. */
  deadlines: z.object({
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  }),
};

export type JobName = keyof typeof payloadSchemas;
export type Payload<N extends JobName> = z.infer<(typeof payloadSchemas)[N]>;

/** A job that found its work already done or taken (a retry, a duplicate, a lost race). */
export interface Skipped {
  skipped: string;
}

/** What each job returns; BullMQ keeps it with the completed job (`estates queues` shows it). */
export interface JobResults {
  ingest: { uploadId: number; read: number; accepted: number; rejected: number } | Skipped;
  score: { estateVersion: number; sites: number } | Skipped;
  value: { estateVersion: number; valued: number } | Skipped;
  rank: { estateVersion: number; ranked: number } | Skipped;
  deadlines: { day: string; overdue: number; raised: number };
}
export type JobResult<N extends JobName> = JobResults[N];

interface JobSpec<P> {
  payload: z.ZodType<P>;
  jobId: (payload: P) => string;
}

/** Written as a mapped type so that `jobs[name]` keeps the tie between a name and its payload (no casts). */
const jobs: { [N in JobName]: JobSpec<Payload<N>> } = {
  ingest: { payload: payloadSchemas.ingest, jobId: (p) => `upload-${p.uploadId}` },
  score: { payload: payloadSchemas.score, jobId: (p) => `score-v${p.estateVersion}` },
  value: { payload: payloadSchemas.value, jobId: (p) => `value-v${p.estateVersion}` },
  rank: { payload: payloadSchemas.rank, jobId: (p) => `rank-v${p.estateVersion}` },
  deadlines: { payload: payloadSchemas.deadlines, jobId: (p) => `deadlines-${p.day ?? 'today'}` },
};

export const JOB_NAMES: readonly JobName[] = ['ingest', 'score', 'value', 'rank', 'deadlines'];
export const JOB_ID_PATTERN = /^[a-z]+-[A-Za-z0-9_-]+$/;

/** The one place a job id is made: the outbox, the reconciler and the tests all ask here. */
export function jobIdFor<N extends JobName>(name: N, payload: Payload<N>): string {
  return jobs[name].jobId(payload);
}

export function parsePayload<N extends JobName>(name: N, payload: unknown): Payload<N> {
  return jobs[name].payload.parse(payload);
}

/** Retries with exponential backoff; completed jobs kept a while (their ids dedupe), failed ones kept for inspection. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const;
