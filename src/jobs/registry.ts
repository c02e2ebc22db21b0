import { z } from 'zod';

/**
 * Every queue, its payload schema and its deterministic job id, in one place, so the API,
 * CLI and reconciler can enqueue without loading worker code. Payloads carry ids, not records.
 * Ids start with a word and use '-': BullMQ forbids ':' and all-digit custom ids.
 */
const job = <S extends z.ZodType>(payload: S, jobId: (p: z.infer<S>) => string) => ({ payload, jobId });

const estateVersion = z.object({ estateVersion: z.number().int().nonnegative() });

export const jobs = {
  /** Parse, validate, place and store one upload's rows. */
  ingest: job(z.object({ uploadId: z.number().int().positive() }), (p) => `upload-${p.uploadId}`),
  /** Condition and surplus scores for the whole estate as of an estate version. */
  score: job(estateVersion, (p) => `score-v${p.estateVersion}`),
  /** Valuations for sites whose data, class or assumptions changed. */
  value: job(estateVersion, (p) => `value-v${p.estateVersion}`),
  /** The ranked disposal list. */
  rank: job(estateVersion, (p) => `rank-v${p.estateVersion}`),
  /** Escalations for cases past their stage deadline on a day (yyyy-mm-dd); the daily scheduled tick omits it and means today. */
  deadlines: job(
    z.object({
      day: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    }),
    (p) => `deadlines-${p.day ?? 'today'}`,
  ),
} as const;

export type JobName = keyof typeof jobs;
export type Payload<N extends JobName> = z.infer<(typeof jobs)[N]['payload']>;
export const JOB_NAMES = Object.keys(jobs) as JobName[];
export const JOB_ID_PATTERN = /^[a-z]+-[A-Za-z0-9_-]+$/;

export function jobIdFor<N extends JobName>(name: N, payload: Payload<N>): string {
  return (jobs[name].jobId as (p: Payload<N>) => string)(payload);
}

/** Old jobs may not match today's types: a payload is unknown until parsed. */
export function parsePayload<N extends JobName>(name: N, payload: unknown): Payload<N> {
  return jobs[name].payload.parse(payload) as Payload<N>;
}

/** Retries with exponential backoff; completed jobs kept a while (their ids dedupe), failed ones kept for inspection. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const;
